import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The "any API" a benchmark flow calls: answers 200 at once, counts calls and distinct Idempotency-Key values. */
export async function startTarget() {
  const keys = new Set<string>();
  let calls = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
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
