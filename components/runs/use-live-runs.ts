'use client';

import { useEffect, useRef, useState } from 'react';

// Live run updates for the runs list and the run page: Server-Sent Events
// from /api/v1/runs/stream, and polling when the stream cannot be had — it
// errors (blocked, server away) or goes silent past its heartbeat (a proxy
// holding or cutting it). While polling, the stream is tried again now and
// then. `mode` is shown on the page ("Updates live").

export type RunChange = { runId: string; flowId: string; status: string };
export type LiveMode = 'connecting' | 'stream' | 'polling';

const READY_TIMEOUT_MS = 5_000;
/** Twice the server's heartbeat and some. */
const SILENCE_MS = 40_000;
const RETRY_STREAM_MS = 60_000;

export function useLiveRuns(opts: {
  query: { flowId?: string; runId?: string };
  onChanges: (changes: RunChange[]) => void;
  poll: () => void;
  pollMs: number;
  /** Stop everything (e.g. the run finished). */
  enabled?: boolean;
}): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });
  const enabled = opts.enabled ?? true;
  const { flowId, runId } = opts.query;

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;

    const stopPolling = () => {
      clearInterval(pollTimer);
      pollTimer = undefined;
    };
    const fallBack = () => {
      source?.close();
      source = undefined;
      clearTimeout(watchdog);
      if (stopped) return;
      setMode('polling');
      if (!pollTimer) {
        latest.current.poll();
        pollTimer = setInterval(() => {
          if (document.visibilityState === 'visible') latest.current.poll();
        }, latest.current.pollMs);
      }
      clearTimeout(retry);
      retry = setTimeout(open, RETRY_STREAM_MS);
    };
    const expect = (ms: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(fallBack, ms);
    };
    function open() {
      if (stopped || typeof EventSource === 'undefined') return fallBack();
      const params = new URLSearchParams();
      if (flowId) params.set('flowId', flowId);
      if (runId) params.set('runId', runId);
      const es = new EventSource(`/api/v1/runs/stream${params.size ? `?${params}` : ''}`);
      source = es;
      expect(READY_TIMEOUT_MS);
      es.addEventListener('ready', () => {
        stopPolling();
        setMode('stream');
        expect(SILENCE_MS);
        // Whatever changed while the stream was not there: while polling, and also
        // between the page's first render and this stream opening (a run that
        // finished meanwhile sends no further change).
        latest.current.poll();
      });
      es.addEventListener('ping', () => expect(SILENCE_MS));
      es.addEventListener('runs', (e) => {
        expect(SILENCE_MS);
        try {
          latest.current.onChanges(JSON.parse((e as MessageEvent<string>).data) as RunChange[]);
        } catch {
          // a malformed message is ignored
        }
      });
      es.onerror = () => fallBack();
    }
    open();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(watchdog);
      clearTimeout(retry);
      stopPolling();
    };
  }, [enabled, flowId, runId]);

  return mode;
}
