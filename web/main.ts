// Web process entry (`npm run start:web`, any number of them): one HTTP server
// on PORT. Webhooks (/hooks/*) are answered by the ingest handler directly;
// everything else — pages, /api — goes to Next.js's request handler.
import { createServer } from 'node:http';
import next from 'next';
import { installSafetyNet } from '../lib/boot/safety-net';
import { env } from '../lib/env';
import { isHookPath, serveHook } from '../lib/ingest/node-hook';
import { logger } from '../lib/log';

// Started from the repository root (npm scripts, scripts/start.ts); also runs
// bundled from the Next build folder (scripts/bundle.ts).
const root = process.cwd();
// Logs stray errors; exits on an uncaught exception for the supervisor to restart it (see safety-net.ts).
installSafetyNet('web');
const { PORT, TRUST_PROXY } = env();

const app = next({ dev: false, dir: root, port: PORT });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  if (isHookPath(req.url)) {
    serveHook(req, res).catch((err) => {
      logger.error({ err }, 'webhook handler crashed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }));
    });
    return;
  }
  if (!TRUST_PROXY) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
});
// Longer than a load balancer's idle timeout, so it never closes a connection it still uses.
server.keepAliveTimeout = 65_000;
server.listen(PORT, () => logger.info({ port: PORT }, 'web listening'));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
