'use client';

import { useSyncExternalStore } from 'react';

const query = '(max-width: 767px)';

/** True on phone-sized screens, where the canvas is view-only (forms still work). */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = window.matchMedia(query);
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
