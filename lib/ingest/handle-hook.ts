import { itemIdAt } from '../backup-check/backup-check-config';
import { env } from '../env';
import { isDbUnavailable } from '../errors';
import { logger } from '../log';
import { countMetric } from '../metrics/metric-counters';
import { uuid7 } from '../db/uuid7';
import { enqueueAcceptedEvent } from './enqueue-event';
import { checkFormGuard } from './form-guard';
import { findHookFlow, type HookFlow } from './find-hook-flow';
import { isLinkPreview, thankYouPage, wantsHtml, webhookInfoPage } from './hook-pages';
import { renderResponse } from './hook-response';
import { dedupeKey, hookSettings, selectHeaders, type HookSettings } from './hook-settings';
import { parseBody, parseQuery } from './parse-body';
import { checkRateLimit } from '../limits/flow-rate';
import { readBody, type BodyRead } from './read-body';
import { recordRefusal } from './record-refusal';
import { noteRefusal, refusalBlock } from './refusal-limit';
import { storeEvent, StoreOutcomeUnknown } from './store-event';
import { verifySignature } from './verify-signature';
import type { TriggerData } from '../templates/render-config';
import { withFields } from '../integrations/webhook/sources';

// One webhook request, independent of the HTTP server that received it (the
// Next route and the ingest server both call this). Checks run in the order
// of the contract: 404 token → 413 size → 401 sender check → 429 rate limit →
// 400 parse → duplicate → accept. The 2xx is returned only after the event
// row is committed; the job is handed to Redis afterwards (outbox).
// A request is first decided on the flow as this process last saw it; when
// that could be out of date (find-hook-flow.ts), it is decided again on the
// flow read afresh.

export type HookRequest = {
  token: string;
  /** The /test URL: always a test event, never run. */
  test: boolean;
  method: string;
  /** The query string, without "?". */
  search: string;
  header: (name: string) => string | null | undefined;
  headerEntries: () => Iterable<[string, string]>;
  body: AsyncIterable<Uint8Array> | null;
  /** The client's address (TRUST_PROXY aware): the limit on refused requests, the captcha's remoteip. */
  clientIp?: string;
};

export type HookResponse = { status: number; headers: Record<string, string>; body: string | null };

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After',
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
export const HOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET'];

function respond(status: number, payload: unknown, headers: Record<string, string> = {}): HookResponse {
  return {
    status,
    headers: { ...CORS_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(payload),
  };
}

/** handleForFlow's answer when it was given a cached flow and needs the flow read afresh. */
const STALE = Symbol('stale flow');
/** A flow that changes under every try (published again and again) gets a 503 after this many. */
const MAX_TRIES = 3;

const error = (status: number, code: string, message: string, headers?: Record<string, string>) => {
  countMetric('switchboard_events_refused_total', { reason: code });
  return respond(status, { error: { code, message } }, headers);
};

/** The CORS preflight answer, so a browser `fetch` from a customer's site works. */
export function preflight(requestedHeaders: string | null | undefined): HookResponse {
  return {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'access-control-allow-methods': [...HOOK_METHODS, 'OPTIONS'].join(', '),
      'access-control-allow-headers': requestedHeaders || '*',
      'access-control-max-age': '86400',
    },
    body: null,
  };
}

export async function handleHook(req: HookRequest): Promise<HookResponse> {
  const method = req.method.toUpperCase();
  if (method === 'OPTIONS') return preflight(req.header('access-control-request-headers'));
  // HEAD is answered like a GET the trigger refuses (getRefused): it never stores anything.
  if (!HOOK_METHODS.includes(method) && method !== 'HEAD') {
    return error(405, 'method_not_allowed', `Send the webhook with ${HOOK_METHODS.join(', ')}.`, {
      allow: [...HOOK_METHODS, 'OPTIONS'].join(', '),
    });
  }
  const blockedFor = refusalBlock(req.clientIp, req.token);
  if (blockedFor) {
    return error(
      429,
      'rate_limited',
      `Too many refused requests from your address this minute; retry after ${blockedFor} s.`,
      {
        'retry-after': String(blockedFor),
      },
    );
  }
  const maxBytes = env().WEBHOOK_MAX_BYTES;
  const declared = Number(req.header('content-length') ?? NaN);
  // The body is read while the token is looked up; the answer still follows the contract's order.
  const bodyRead: Promise<BodyRead> =
    declared > maxBytes
      ? Promise.resolve({ ok: false, tooLarge: true })
      : readBody(BODY_METHODS.has(method) ? req.body : null, maxBytes);
  bodyRead.catch(() => {});

  try {
    for (let tries = 1; ; tries++) {
      const flow = await findHookFlow(req.token, req.test, tries > 1);
      if (!flow) {
        noteRefusal(req.clientIp, null);
        return error(404, 'not_found', 'No flow has this webhook URL (it may have been rotated or deleted).');
      }
      const res = await handleForFlow(req, method, flow, await bodyRead.catch(() => null), maxBytes);
      if (res !== STALE) return res;
      if (tries >= MAX_TRIES) {
        return error(
          503,
          'unavailable',
          'The flow was changing while this request arrived; nothing was stored. Retry shortly.',
          { 'retry-after': '1' },
        );
      }
    }
  } catch (err) {
    // The flow was deleted between the lookup and the insert.
    if ((err as { code?: string }).code === '23503') return error(404, 'not_found', 'No flow has this webhook URL.');
    if (err instanceof StoreOutcomeUnknown) {
      // The insert was sent and its answer lost: "nothing was stored" could be false.
      logger.warn({ err: err.message }, 'webhook answered 503: outcome of the insert unknown');
      return error(
        503,
        'unavailable',
        'The database stopped answering while this event was being stored, so it may or may not have been stored. Retry it: if it was stored, a retry with the same Idempotency-Key (or webhook-id) is answered as a duplicate.',
        { 'retry-after': '5' },
      );
    }
    // 57014: the server's statement_timeout cancelled the statement, so nothing was committed.
    if (isDbUnavailable(err) || (err as { code?: string }).code === '57014') {
      logger.warn({ err: (err as Error).message }, 'webhook answered 503: database unavailable');
      return error(503, 'unavailable', 'The database is unavailable; nothing was stored. Retry shortly.', {
        'retry-after': '5',
      });
    }
    logger.error({ err }, 'webhook failed');
    return error(500, 'internal', 'Something went wrong on our side; nothing was stored.');
  }
}

async function handleForFlow(
  req: HookRequest,
  method: string,
  flow: HookFlow,
  read: BodyRead | null,
  maxBytes: number,
): Promise<HookResponse | typeof STALE> {
  const settings = hookSettings(flow.trigger);
  if (!(settings.methods as readonly string[]).includes(method) && (method === 'GET' || method === 'HEAD')) {
    // GET is opt-in: a browser or a link preview opening the URL stores nothing. Decided on the flow read afresh.
    return flow.cached ? STALE : getRefused(req, method, settings);
  }
  const headers = selectHeaders(req.headerEntries(), settings);
  const refuse = async (status: number, code: string, reason: string, extra?: Record<string, string>) => {
    // Never refuse on what may be an old copy of the flow.
    if (flow.cached) return STALE;
    noteRefusal(req.clientIp, req.token);
    await recordRefusal({
      workspaceId: flow.workspaceId,
      flowId: flow.id,
      method,
      headers,
      reason,
      httpStatus: status,
    });
    return error(status, code, reason, extra);
  };

  if (!(settings.methods as readonly string[]).includes(method)) {
    return refuse(405, 'method_not_allowed', `This webhook accepts ${settings.methods.join(', ')}, not ${method}.`, {
      allow: [...settings.methods, 'OPTIONS'].join(', '),
    });
  }
  if (!read) return refuse(400, 'bad_request', 'The request body could not be read.');
  if (!read.ok) return refuse(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`);
  const raw = read.raw;

  if (settings.signatureBroken)
    return refuse(
      401,
      'invalid_signature',
      'The flow’s sender check is not set up correctly, so no request can pass it.',
    );
  if (settings.signature) {
    const verdict = verifySignature(settings.signature, raw, req.header);
    if (!verdict.ok) return refuse(401, 'invalid_signature', verdict.reason);
  }

  if (settings.rateLimitPerMinute) {
    // Counted once per request: on the flow as read for it.
    if (flow.cached) return STALE;
    const limit = await checkRateLimit(flow.id, settings.rateLimitPerMinute);
    if (!limit.ok) {
      return refuse(
        429,
        'rate_limited',
        `More than ${settings.rateLimitPerMinute} requests this minute; retry after ${limit.retryAfterSeconds} s.`,
        {
          'retry-after': String(limit.retryAfterSeconds),
        },
      );
    }
  }

  const parsed = await parseBody(raw, req.header('content-type'));
  if (!parsed.ok) return refuse(400, 'bad_request', parsed.reason);
  const query = parseQuery(req.search);
  // A GET carries its data in the query string, which then also stands as the body.
  let body = method === 'GET' && raw.length === 0 ? query : parsed.body;

  const status = req.test || flow.publishedVersion === null ? 'test' : flow.status === 'paused' ? 'held' : 'accepted';
  if (settings.formGuard) {
    // Decided on the flow read afresh only: a captcha token can be checked once.
    if (flow.cached) return STALE;
    const guard = await checkFormGuard(settings.formGuard, body, req.clientIp);
    if (guard.kind === 'refuse') return refuse(guard.status, guard.code, guard.reason, guard.headers);
    if (guard.kind === 'honeypot') {
      // The bot sees what a person would; nothing is stored but the refusal.
      logger.info({ flowId: flow.id, reason: 'honeypot' }, 'webhook refused');
      countMetric('switchboard_events_refused_total', { reason: 'honeypot' });
      await recordRefusal({
        workspaceId: flow.workspaceId,
        flowId: flow.id,
        method,
        headers,
        reason: 'honeypot',
        httpStatus: 202,
      }).catch(() => {});
      const trigger = settings.response
        ? { method, headers, query, body, receivedAt: new Date().toISOString() }
        : undefined;
      return answer(req, settings, 202, { eventId: uuid7(), status }, status, trigger);
    }
    body = guard.body;
  }
  const key = status === 'test' ? null : dedupeKey(body, req.header, settings);
  const itemId = status === 'test' || !settings.backupCheckIdPath ? null : itemIdAt(body, settings.backupCheckIdPath);
  // Only the plain insert checks the flow's state itself; the other paths need it read for this request.
  if (flow.cached && (status === 'test' || key || itemId)) return STALE;
  const stored = await storeEvent({
    workspaceId: flow.workspaceId,
    flowId: flow.id,
    status,
    method,
    headers,
    query,
    body,
    dedupeKey: key,
    itemId,
    expect: { token: req.token, status: flow.status, publishedVersion: flow.publishedVersion },
  });
  if (stored.status === 'stale') return STALE;
  const code = stored.duplicateOfId ? 200 : 202;
  const payload = stored.duplicateOfId
    ? { eventId: stored.duplicateOfId, duplicate: true }
    : { eventId: stored.eventId, status: stored.status };
  // The event is committed: from here on nothing may turn the answer into a 5xx (the sender would resend it).
  try {
    if (stored.status === 'accepted') enqueueAcceptedEvent(stored.eventId);
    countMetric('switchboard_events_total', { status: stored.status });
    const trigger = settings.response
      ? withFields(flow.trigger, { method, headers, query, body, receivedAt: new Date().toISOString() })
      : undefined;
    return answer(req, settings, code, payload, stored.duplicateOfId ? 'duplicate' : stored.status, trigger);
  } catch (err) {
    logger.error({ err, eventId: stored.eventId }, 'webhook answer failed after commit; answering plain JSON');
    return respond(code, payload);
  }
}

function answer(
  req: HookRequest,
  settings: HookSettings,
  status: number,
  payload: unknown,
  kind: 'accepted' | 'held' | 'test' | 'duplicate',
  trigger?: TriggerData,
): HookResponse {
  // The trigger's own answer (verification handshakes, custom bodies) wins over the default and over redirectUrl.
  // Test events keep the default: the editor's sample capture reads it. A failed render falls back to the default.
  if (settings.response && trigger && (kind === 'accepted' || kind === 'held')) {
    const custom = renderResponse(settings.response, trigger, CORS_HEADERS);
    if (custom) return custom;
  }
  // A plain HTML <form action=...> gets sent on to the site's thank-you page, or else gets ours, never raw JSON.
  if (wantsHtml(req.header('accept'))) {
    if (settings.redirectUrl) {
      return {
        status: 303,
        headers: { ...CORS_HEADERS, location: settings.redirectUrl, 'cache-control': 'no-store' },
        body: null,
      };
    }
    return thankYouPage(kind, req.header('referer'), CORS_HEADERS);
  }
  return respond(status, payload);
}

/** A GET (or HEAD) the trigger does not accept: a page saying what the URL is for, or a JSON 405 for a program. */
function getRefused(req: HookRequest, method: string, settings: HookSettings): HookResponse {
  const allow = [...settings.methods, 'OPTIONS'].join(', ');
  const res =
    wantsHtml(req.header('accept')) || isLinkPreview(req.header('user-agent'))
      ? webhookInfoPage(allow, CORS_HEADERS)
      : error(
          405,
          'method_not_allowed',
          `This webhook does not accept ${method}; send the data with ${settings.methods.join(', ')}.`,
          { allow },
        );
  if (method === 'HEAD') res.body = null;
  return res;
}
