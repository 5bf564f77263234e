'use client';

import { createContext, useContext, useEffect } from 'react';

// A page that covers the shell (the full-screen flow editor) renders
// <CoversShell />: the shell's navigation, hidden underneath, becomes `inert`
// so keyboard and screen-reader users cannot land in it.

export const ShellCoverContext = createContext<(delta: 1 | -1) => void>(() => {});

export function CoversShell() {
  const cover = useContext(ShellCoverContext);
  useEffect(() => {
    cover(1);
    return () => cover(-1);
  }, [cover]);
  return null;
}
