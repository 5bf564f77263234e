import http from 'node:http';
import { postJson } from './post-json';

// An open-model load generator: request i is due at start + i / rate, whether
// or not earlier ones have been answered (as wrk2 or k6's constant-arrival-rate
// do). autocannon's `overallRate` instead lets each connection send its share
// of a second back to back at the start of every second, so "200/s" arrives as
// one burst of 200 each second, and what it measures is mostly that burst
// queueing up. Latency here counts from the time a request was due, so a
// generator that falls behind cannot hide it.

export type ConstantRateResult = { sent: number; ok: number; non2xx: number; errors: number; latenciesMs: number[] };

export async function constantRate(opts: {
  url: string;
  rate: number;
  seconds: number;
  /** The request body; `dueAt` is its intended send time (performance.now() clock). */
  body: (dueAt: number) => string;
  maxSockets?: number;
}): Promise<ConstantRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const total = Math.round(opts.rate * opts.seconds);
  const result: ConstantRateResult = { sent: 0, ok: 0, non2xx: 0, errors: 0, latenciesMs: [] };
  const start = performance.now();
  const inflight = new Set<Promise<void>>();

  const send = (dueAt: number) => {
    const p = postJson(opts.url, agent, opts.body(dueAt), result, dueAt);
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };

  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (result.sent < total && start + (result.sent * 1000) / opts.rate <= now) {
        send(start + (result.sent * 1000) / opts.rate);
        result.sent++;
      }
      if (result.sent >= total) return done();
      setTimeout(tick, Math.max(0, start + (result.sent * 1000) / opts.rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inflight);
  agent.destroy();
  return result;
}
