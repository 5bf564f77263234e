import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The "any API" a benchmark flow calls: answers 200 at once, counts calls and
 * distinct Idempotency-Key values. `onBody`, if given, gets each request's body
 * and the time it was fully received (performance.now()).
 */
export async function startTarget(opts: { onBody?: (body: string, at: number) => void } = {}) {
  const keys = new Set<string>();
  let calls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    if (opts.onBody) req.on('data', (c: Buffer) => chunks.push(c));
    else req.resume();
    req.on('end', () => {
      opts.onBody?.(Buffer.concat(chunks).toString('utf8'), performance.now());
      calls++;
      keys.add(String(req.headers['idempotency-key']));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    calls: () => calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
