'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api/client';
import type { SampleEvent } from './variables';

const POLL_MS = 1500;
const LISTEN_FOR_MS = 10 * 60 * 1000;

/**
 * The flow's sample event (Flow.sampleEventId, set by the ingest when an event
 * arrives at the test URL) and "Listen for test event": poll until a newer
 * sample appears, without reloading the page.
 */
export function useSampleEvent(flowId: string, initialId: string | null) {
  const [sampleId, setSampleId] = useState(initialId);
  const [sample, setSample] = useState<SampleEvent | null>(null);
  const [listening, setListening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!sampleId) return;
    let live = true;
    api('GET /events/{id}', { params: { id: sampleId } })
      .then(
        (e) =>
          live &&
          (setSample({ method: e.method, headers: e.headers, query: e.query, body: e.body, receivedAt: e.receivedAt }),
          setError(null)),
      )
      .catch((err) => live && setError(`Could not load the sample event: ${(err as Error).message}`));
    return () => {
      live = false;
    };
  }, [sampleId]);

  const listen = useCallback(() => {
    stop.current?.();
    const baseline = sampleId;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    setListening(true);
    setError(null);
    const tick = async () => {
      if (!active) return;
      try {
        const flow = await api('GET /flows/{id}', { params: { id: flowId } });
        if (flow.sampleEventId && flow.sampleEventId !== baseline) {
          setSampleId(flow.sampleEventId);
          active = false;
          setListening(false);
          return;
        }
      } catch {
        // A failed poll is retried on the next tick.
      }
      if (Date.now() - started > LISTEN_FOR_MS) {
        active = false;
        setListening(false);
        setError('No test event arrived in 10 minutes. Listen again when you are ready to send one.');
        return;
      }
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    stop.current = () => {
      active = false;
      if (timer) clearTimeout(timer);
      setListening(false);
    };
  }, [flowId, sampleId]);

  useEffect(() => () => stop.current?.(), []);

  return { sampleId, sample, listening, error, listen, stopListening: () => stop.current?.() };
}
