import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server standing in for a vendor API: records every request and
// answers with whatever the test's handler says.

export type Recorded = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
/** `hangUp`: close the connection without answering (the request arrived; its outcome is unknown to the caller). */
export type Reply = { status: number; headers?: Record<string, string>; body?: unknown; hangUp?: boolean };

export async function startRecordingServer(handler: (req: Recorded) => Reply) {
  const requests: Recorded[] = [];
  let current = handler;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = {
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const reply = current(rec);
      if (reply.hangUp) return void req.socket.destroy();
      const body =
        typeof reply.body === 'string' || reply.body === undefined ? (reply.body ?? '') : JSON.stringify(reply.body);
      const type = typeof reply.body === 'string' || reply.body === undefined ? 'text/plain' : 'application/json';
      res.writeHead(reply.status, { 'content-type': type, ...reply.headers }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(next: (req: Recorded) => Reply) {
      current = next;
      requests.length = 0;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
