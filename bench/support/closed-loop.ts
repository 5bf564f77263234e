import http from 'node:http';
import { postJson } from './post-json';

// A closed-loop load generator: `connections` keep-alive connections, each
// sending its next request when the previous one is answered (as autocannon
// does). With `rate`, each connection also waits for its next slot, the slots
// of all connections evenly spread (connection i's k-th request is due at
// start + (k · connections + i) / rate), so the load is capped without
// autocannon's once-a-second bursts. Latency counts from the actual send: a
// closed loop, so a slow answer delays the next request instead of showing up
// in the figures (what the open-loop constant-rate.ts is for).

export type ClosedLoopResult = { ok: number; non2xx: number; errors: number; latenciesMs: number[]; seconds: number };

export async function closedLoop(opts: {
  url: string;
  connections: number;
  seconds: number;
  rate?: number;
  body: () => string;
}): Promise<ClosedLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const result: ClosedLoopResult = { ok: 0, non2xx: 0, errors: 0, latenciesMs: [], seconds: opts.seconds };
  const start = performance.now();
  const end = start + opts.seconds * 1000;

  const once = () => postJson(opts.url, agent, opts.body(), result, performance.now());

  const connection = async (i: number) => {
    for (let k = 0; ; k++) {
      if (opts.rate) {
        const due = start + ((k * opts.connections + i) * 1000) / opts.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if (performance.now() >= end) return;
      await once();
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, (_, i) => connection(i)));
  agent.destroy();
  return result;
}
