import { z } from 'zod';
import { auditContext, type AuditCtx } from '../audit/record-audit';
import { auth } from '../auth/auth';
import { resolveApiKey } from '../auth/api-keys';
import { atLeast, defaultRoleFor, roleLabel, type Role } from '../auth/roles';
import { resolveWorkspace } from '../auth/workspace';
import { env } from '../env';
import { AppError, isDbUnavailable } from '../errors';
import { logger } from '../log';
import { sharedProducer } from '../queue/redis';
import { hitFixedWindow } from '../limits/fixed-window';
import { isUuid } from '../db/is-uuid';

// The one wrapper every API route goes through: authenticate (API key or
// session), resolve the workspace, parse input with zod, map errors to the
// JSON error format, and check the caller's role. A route cannot forget the
// workspace check, the role check or the format.
//
// Roles: a route needs `viewer` for GET/HEAD/OPTIONS and `editor` for every
// other method unless it declares `role` (members, API keys: `owner`). The
// check runs before the body is read or any object looked up, so a viewer's
// mutation answers 403 whatever it names. An API key acts with its creator's
// current role (lib/auth/api-keys.ts).

export type Actor =
  | { kind: 'apiKey'; workspaceId: string; keyId: string; role: Role }
  | { kind: 'session'; workspaceId: string; userId: string; role: Role };

type AuthMode = 'apiKey' | 'session' | 'any';

type Ctx<B, Q, P> = {
  req: Request;
  actor: Actor;
  /** Who and from where, for the audit log (lib/audit/record-audit.ts). */
  audit: AuditCtx;
  workspaceId: string;
  params: P;
  body: B;
  query: Q;
};

type Options<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> = {
  auth?: AuthMode;
  /** The least role that may call this route; default by method (see above). */
  role?: Role;
  body?: B;
  query?: Q;
  /** The path's segments; a segment that does not parse answers 404 with the issue's message. */
  params?: P;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A path id: a UUID, or else 404 "<what> not found" (it cannot name any object). */
export const idParam = (what: string) => z.custom<string>(isUuid, { message: `${what} not found` });

/** The path of a route under /flows/{id}. */
export const flowParams = z.object({ id: idParam('Flow') });

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}

export function invalidInput(error: z.ZodError, where = 'body'): AppError {
  const details = zodDetails(error);
  const first = details[0];
  return new AppError(
    'invalid_input',
    `Invalid ${where}: ${first ? `${first.path}: ${first.message}` : 'malformed'}`,
    details,
  );
}

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return Response.json(data, { status, headers });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) return json(err.toJSON(), err.status, err.headers);
  if (isDbUnavailable(err)) {
    return json({ error: { code: 'unavailable', message: 'The database is unavailable; retry shortly.' } }, 503, {
      'Retry-After': '5',
    });
  }
  logger.error({ err }, 'unhandled error in API route');
  return json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
}

async function authenticate(req: Request, mode: AuthMode): Promise<Actor> {
  const header = req.headers.get('authorization');
  if (header && mode !== 'session') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const resolved = match ? await resolveApiKey(match[1]!) : null;
    if (!resolved) throw new AppError('unauthorized', 'Invalid or revoked API key.');
    await limitApiKey(resolved.keyId);
    return { kind: 'apiKey', ...resolved };
  }
  if (mode !== 'apiKey') {
    const session = await auth().api.getSession({ headers: req.headers });
    if (session) {
      // Cookie-authenticated mutations must come from our own pages (CSRF).
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) assertSameOrigin(req);
      const { user } = session;
      const access = await resolveWorkspace(user.id, user.name, user.activeWorkspaceId);
      return { kind: 'session', ...access, userId: user.id };
    }
  }
  throw new AppError(
    'unauthorized',
    mode === 'session' ? 'Sign in first.' : 'Missing API key: send "Authorization: Bearer <api key>".',
  );
}

async function limitApiKey(keyId: string) {
  const limit = env().API_RATE_LIMIT_PER_MINUTE;
  const decision = await hitFixedWindow(sharedProducer(), `${env().QUEUE_PREFIX}:rl:apikey:${keyId}`, limit, 60_000);
  if (!decision.allowed) {
    throw new AppError('rate_limited', `Too many requests with this API key (limit ${limit} per minute).`, undefined, {
      'Retry-After': String(decision.retryAfterSeconds),
    });
  }
}

function assertSameOrigin(req: Request) {
  const origin = req.headers.get('origin');
  const allowed = new URL(env().APP_URL).origin;
  const own = new URL(req.url).origin;
  if (!origin || (origin !== allowed && origin !== own)) {
    throw new AppError('forbidden', 'Cross-site request refused.');
  }
}

export function assertRole(role: Role, min: Role) {
  if (atLeast(role, min)) return;
  throw new AppError(
    'forbidden',
    min === 'owner'
      ? `Only a workspace owner can do this; you are ${article(role)} ${roleLabel[role].toLowerCase()}.`
      : `Your role (${roleLabel[role].toLowerCase()}) can only look, not change anything: ask an owner to make you an editor.`,
  );
}

const article = (r: Role) => (r === 'viewer' ? 'a' : 'an');

/** The largest /api/v1 request body (DESIGN: "/api/v1 bodies over 1 MiB answer 413"). */
export const API_MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () =>
  new AppError('payload_too_large', `The request body is larger than ${API_MAX_BODY_BYTES} bytes (1 MiB).`);

/** Refuses a body declared too large before anything else is done or read. */
function assertDeclaredSize(req: Request) {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > API_MAX_BODY_BYTES) throw tooLarge();
}

/** The body as text, counted as it arrives: past the limit the stream is cancelled, not buffered. */
async function readText(req: Request): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > API_MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: Request): Promise<unknown> {
  const text = await readText(req);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

export function apiRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(options: Options<B, Q, P>, handler: (ctx: Ctx<Out<B>, Out<Q>, Out<P>>) => Promise<Response | unknown>) {
  return async (req: Request, routeCtx: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      assertDeclaredSize(req);
      const actor = await authenticate(req, options.auth ?? 'any');
      assertRole(actor.role, options.role ?? defaultRoleFor(req.method));
      let body: unknown = undefined;
      if (options.body) {
        const parsed = options.body.safeParse(await readJson(req));
        if (!parsed.success) throw invalidInput(parsed.error);
        body = parsed.data;
      }
      let query: unknown = undefined;
      if (options.query) {
        const raw = Object.fromEntries(new URL(req.url).searchParams);
        const parsed = options.query.safeParse(raw);
        if (!parsed.success) throw invalidInput(parsed.error, 'query');
        query = parsed.data;
      }
      let params: unknown = undefined;
      if (options.params) {
        const parsed = options.params.safeParse((await routeCtx?.params) ?? {});
        if (!parsed.success) throw new AppError('not_found', parsed.error.issues[0]?.message ?? 'Not found');
        params = parsed.data;
      }
      const result = await handler({
        req,
        actor,
        audit: auditContext(req, actor),
        workspaceId: actor.workspaceId,
        params: params as Out<P>,
        body: body as Out<B>,
        query: query as Out<Q>,
      });
      return result instanceof Response ? result : json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
