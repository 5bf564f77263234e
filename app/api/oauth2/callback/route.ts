import { clientAddress } from '@/lib/audit/record-audit';
import { errorResponse } from '@/lib/api/handler';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { completeAuthorization } from '@/lib/oauth2/complete-authorization';
import { sessionOf } from '@/lib/oauth2/session-of';

export const dynamic = 'force-dynamic';

// Where every provider sends the browser back ({APP_URL}/api/oauth2/callback).
// Success: 303 to the Connections page (or the page that started it) with
// ?connected=<id>. A refusal is a 4xx page saying why; nothing is stored.
export async function GET(req: Request): Promise<Response> {
  const q = Object.fromEntries(new URL(req.url).searchParams);
  try {
    const who = await sessionOf(req);
    if (!who) throw new AppError('unauthorized', 'Sign in to Switchboard first, then start again with Connect.');
    const done = await completeAuthorization({ ...who, ip: clientAddress(req) }, q);
    const target = new URL(done.returnTo ?? '/connections', env().APP_URL);
    target.searchParams.set('connected', done.connectionId);
    return new Response(null, { status: 303, headers: { location: target.href, 'cache-control': 'no-store' } });
  } catch (err) {
    const res = errorResponse(err);
    if (!(req.headers.get('accept') ?? '').includes('text/html')) return res;
    const { error } = (await res.json()) as { error: { message: string } };
    return new Response(page(error.message), {
      status: res.status,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (message: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Connection not made · Switchboard</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #0f172a">
<h1 style="font-size: 1.25rem">The connection was not made</h1>
<p role="alert">${escape(message)}</p>
<p><a href="/connections">Back to Connections</a></p></body></html>`;
