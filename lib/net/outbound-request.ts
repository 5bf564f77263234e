import http from 'node:http';
import https from 'node:https';
import { outboundPolicy, type OutboundPolicy } from './address-policy';
import { BlockedAddressError, checkLiteralHost, guardedLookup } from './guarded-lookup';

// The one HTTP client for every step. Each hop (the first request and every
// redirect) is checked against the address policy at connect time; redirects
// are followed here, by hand, so no hop escapes the check.

export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const MAX_REDIRECTS = 5;

export type OutboundRequest = {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs?: number;
  followRedirects?: boolean;
  maxBytes?: number;
  policy?: OutboundPolicy;
};

export type OutboundResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** True when the body was cut at maxBytes. */
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
  redirects: number;
};

export type OutboundErrorKind = 'blocked' | 'invalid_url' | 'timeout' | 'network';

/** A request that got no HTTP answer. `retryable` for network trouble and timeouts. */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly kind: OutboundErrorKind,
    /** The system error code of a network failure (ECONNREFUSED, ECONNRESET…). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
  get retryable() {
    return this.kind === 'timeout' || this.kind === 'network';
  }
  /**
   * True when the request cannot have reached the server: refused before it
   * left, or no connection was ever made. A reset or a timeout may come after
   * the server took the request, so they are not.
   */
  get neverSent() {
    return (
      this.kind === 'blocked' ||
      this.kind === 'invalid_url' ||
      (this.kind === 'network' && NOT_CONNECTED.has(this.code ?? ''))
    );
  }
}

const NOT_CONNECTED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

export async function outboundRequest(req: OutboundRequest): Promise<OutboundResponse> {
  const policy = req.policy ?? outboundPolicy();
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 30_000);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let url = parseUrl(req.url);
  let method = req.method.toUpperCase();
  let body = req.body;
  let headers = { ...req.headers };
  for (let hop = 0; ; hop++) {
    const res = await oneHop(url, method, headers, body, signal, policy, req.maxBytes ?? MAX_RESPONSE_BYTES);
    const location = res.headers.location;
    const isRedirect = [301, 302, 303, 307, 308].includes(res.status) && location;
    if (!isRedirect || req.followRedirects === false || hop >= MAX_REDIRECTS)
      return { ...res, url: url.href, redirects: hop };
    const next = parseUrl(new URL(location, url).href);
    // As browsers do: 303 (and 301/302 after a POST) turn into a GET without body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = dropHeaders(headers, ['content-type', 'content-length']);
    }
    // Credentials stay with the origin they were meant for, and never travel
    // in clear text: an https page sending us to http is not followed at all.
    if (url.protocol === 'https:' && next.protocol === 'http:') {
      throw new OutboundError(
        `Refused to follow a redirect from ${url.host} (https) to ${next.host} over plain http`,
        'blocked',
      );
    }
    if (next.origin !== url.origin) headers = keepHeaders(headers, CROSS_ORIGIN_HEADERS);
    url = next;
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(`"${raw.slice(0, 200)}" is not a valid URL`, 'invalid_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError(`Only http:// and https:// URLs can be called (got ${url.protocol})`, 'invalid_url');
  }
  return url;
}

/**
 * What a hop to another origin may carry. Any other header (Authorization, a
 * connection's or step's custom auth header, X-Api-Key typed into the config,
 * cookies) may be a secret, and we cannot tell which; so none go.
 */
const CROSS_ORIGIN_HEADERS = [
  'accept',
  'accept-language',
  'accept-encoding',
  'content-type',
  'content-language',
  'user-agent',
  'idempotency-key',
];

const keepHeaders = (h: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => names.includes(k.toLowerCase())));

const dropHeaders = (h: Record<string, string>, names: string[]) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => !names.includes(k.toLowerCase())));

function oneHop(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  signal: AbortSignal,
  policy: OutboundPolicy,
  maxBytes: number,
): Promise<Omit<OutboundResponse, 'url' | 'redirects'>> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  // Node skips `lookup` for IP literals, so those are checked here.
  try {
    checkLiteralHost(url.hostname, port, policy);
  } catch (err) {
    return Promise.reject(toOutboundError(err, signal, url));
  }
  const client = url.protocol === 'https:' ? https : http;
  const sendBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Promise((resolve, reject) => {
    const r = client.request(
      url,
      {
        method,
        headers: sendBody ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
        lookup: guardedLookup(policy, port),
        // A fresh socket per request, so every connect goes through the lookup
        // check. Also no keep-alive on purpose: a kept socket that the server
        // closes for idleness just as a request goes out can deliver the request
        // and still fail here ("socket hang up"), so a call that did reach the
        // target is retried (measured: the scale-out test caught it against a
        // server with a 1 s keep-alive timeout). Connecting costs ~2 % of a
        // worker's CPU; a step's side effect happening twice costs more.
        agent: false,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flatHeaders(res.headers),
            body: Buffer.concat(chunks),
            truncated,
          });
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = maxBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = maxBytes;
            truncated = true;
            res.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', finish);
        res.on('error', (err) => {
          if (!truncated) reject(toOutboundError(err, signal, url));
        });
      },
    );
    r.on('error', (err) => reject(toOutboundError(err, signal, url)));
    if (sendBody) r.write(body!);
    r.end();
  });
}

function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function toOutboundError(err: unknown, signal: AbortSignal, url: URL): OutboundError {
  if (err instanceof OutboundError) return err;
  if (err instanceof BlockedAddressError || (err as { code?: string })?.code === 'EBLOCKED') {
    return new OutboundError((err as Error).message, 'blocked');
  }
  if (signal.aborted) return new OutboundError(`No answer from ${url.host} in time (request timed out)`, 'timeout');
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOTFOUND'
      ? `the name ${url.hostname} could not be found`
      : e.code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : e.code === 'ECONNRESET'
          ? 'the connection was reset'
          : e.message;
  return new OutboundError(`Could not reach ${url.host}: ${why}`, 'network', e.code);
}
