import http from 'node:http';

/** What a load generator counts: answers under 300, other answers, failed requests, and each answer's latency. */
export type Tally = { ok: number; non2xx: number; errors: number; latenciesMs: number[] };

/**
 * POSTs one JSON body through `agent` and counts its outcome in `tally`;
 * latency runs from `from` (performance.now() clock). Never rejects.
 */
export const postJson = (url: string, agent: http.Agent, body: string, tally: Tally, from: number) =>
  new Promise<void>((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode && res.statusCode < 300) tally.ok++;
          else tally.non2xx++;
          tally.latenciesMs.push(performance.now() - from);
          resolve();
        });
      },
    );
    req.on('error', () => {
      tally.errors++;
      resolve();
    });
    req.end(body);
  });
