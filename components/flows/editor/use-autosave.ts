'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowGraph } from '@/lib/flows/graph';
import { api } from '@/lib/api/client';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

const DEBOUNCE_MS = 700;

/**
 * Saves the draft (PUT /flows/{id}) shortly after the last change. One save at
 * a time; changes made during a save are sent right after it. `flush()` saves
 * now and resolves when the server has the latest draft (used before publish).
 */
export function useAutosave(flowId: string, draft: { name: string; graph: FlowGraph }) {
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(draft);
  const savedJson = useRef(JSON.stringify(draft));
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = draft;
  });

  const saveOnce = useCallback(
    async (body: { name: string; graph: FlowGraph }, json: string) => {
      setState('saving');
      const p = (async () => {
        try {
          await api('PUT /flows/{id}', { params: { id: flowId }, body });
          savedJson.current = json;
          setError(null);
          setState(JSON.stringify(latest.current) === json ? 'saved' : 'unsaved');
        } catch (err) {
          setError((err as Error).message);
          setState('error');
          throw err;
        }
      })();
      inFlight.current = p.then(
        () => {},
        () => {},
      );
      try {
        await p;
      } finally {
        inFlight.current = null;
      }
    },
    [flowId],
  );

  const saveNow = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    // Loop: changes made while a save was in flight are sent right after it.
    for (;;) {
      while (inFlight.current) await inFlight.current;
      const body = latest.current;
      const json = JSON.stringify(body);
      if (json === savedJson.current) {
        setState('saved');
        return;
      }
      await saveOnce(body, json);
    }
  }, [saveOnce]);
  const json = JSON.stringify(draft);
  useEffect(() => {
    if (json === savedJson.current) return;
    setState((s) => (s === 'saving' ? s : 'unsaved'));
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow().catch(() => {}), DEBOUNCE_MS);
  }, [json, saveNow]);

  // Leaving with unsaved changes: ask the browser to warn.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (JSON.stringify(latest.current) !== savedJson.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  return { state, error, flush: saveNow, retry: () => void saveNow().catch(() => {}) };
}
