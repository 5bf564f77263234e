import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleHook } from './handle-hook';

// Serves /hooks/{token} and /hooks/{token}/test straight from Node's HTTP
// server (web/main.ts), ahead of Next.js: the ingest path skips Next's routing
// and request wrapping, which was most of its cost (see bench/ingest.ts).

const HOOK_PATH = /^\/hooks\/([^/?#]+)(\/test)?\/?(?:\?(.*))?$/;

/** Whether the request is for the ingest endpoint. */
export const isHookPath = (url: string | undefined) => !!url && url.startsWith('/hooks/') && HOOK_PATH.test(url);

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export async function serveHook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const m = HOOK_PATH.exec(req.url ?? '')!;
  let token: string;
  try {
    token = decodeURIComponent(m[1]!);
  } catch {
    token = '';
  }
  const result = await handleHook({
    token,
    test: !!m[2],
    method: req.method ?? 'GET',
    search: m[3] ?? '',
    header: (name) => header(req, name),
    headerEntries: () => Object.keys(req.headers).map((name) => [name, header(req, name) ?? ''] as [string, string]),
    body: req,
    remoteAddress: req.socket.remoteAddress,
  });
  // A body left unread (413, unknown token) must not be parsed as the next request.
  if (!req.complete) result.headers.connection = 'close';
  // A known length spares chunked encoding.
  const body = result.body === null ? null : Buffer.from(result.body);
  if (body) result.headers['content-length'] = String(body.length);
  res.writeHead(result.status, result.headers);
  res.end(body ?? undefined);
}
