import { outboundRequest, type OutboundResponse } from '../../net/outbound-request';
import { httpAuthHeaders } from '../../connections/http-auth-headers';
import { mergeSecret } from '../../connections/split-secret';
import { withAccessToken } from '../../oauth2/get-access-token';
import { outboundStepError, statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { httpRequest, type HttpRequestConfig } from './request';
import { defineRun } from '../define-server';
import { acceptedConnectionTypes, isOAuthType } from '../registry';

// Calls any API. 2xx → output; a 3xx still left after following redirects and
// other 4xx fail for good; 408/429/5xx and network trouble are retried.

export const runHttpRequest = defineRun(httpRequest, async (config, ctx) => {
  const url = withQuery(config.url, config.query);
  const headers: Record<string, string> = { 'user-agent': 'Switchboard', ...lowerKeys(config.headers ?? {}) };
  headers['idempotency-key'] ??= ctx.idempotencyKey;

  // An OAuth2 connection's bearer token is fetched (and refreshed) per call, below.
  let oauthConnection: string | undefined;
  if (config.connection) {
    const conn = await ctx.connection(config.connection, acceptedConnectionTypes(httpRequest));
    if (isOAuthType(conn.type)) oauthConnection = conn.id;
    else Object.assign(headers, httpAuthHeaders(mergeSecret(conn.config, conn.secret)));
  } else if (config.auth) {
    Object.assign(headers, httpAuthHeaders({ auth: config.auth }));
  }

  const body = encodeBody(config, headers);
  let res: OutboundResponse;
  try {
    const send = (auth: Record<string, string>) =>
      outboundRequest({
        method: config.method,
        url,
        headers: { ...headers, ...auth },
        body,
        signal: ctx.signal,
        timeoutMs: config.timeoutMs,
      });
    res = oauthConnection
      ? await withAccessToken(ctx.workspaceId, oauthConnection, (token) => send({ authorization: `Bearer ${token}` }))
      : await send({});
  } catch (err) {
    throw outboundStepError(err);
  }

  if (res.status >= 300) {
    const detail = snippet(res);
    if (res.status < 400) {
      throw new StepError(
        `The server answered ${res.status} and the request did not reach a final answer${res.redirects ? ` after ${res.redirects} redirects` : ''}`,
        false,
      );
    }
    throw statusStepError(res.status, res.headers, `The server answered ${res.status}${detail ? `: ${detail}` : ''}`);
  }
  return {
    status: res.status,
    headers: res.headers,
    body: parseBody(res),
    ...(res.truncated ? { truncated: true } : {}),
  };
});

function withQuery(raw: string, query?: Record<string, string>): string {
  if (!query || !Object.keys(query).length) return raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StepError(`"${raw.slice(0, 200)}" is not a valid URL`, false);
  }
  for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
  return url.href;
}

const lowerKeys = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

function encodeBody(config: HttpRequestConfig, headers: Record<string, string>): string | undefined {
  const { body, bodyType } = config;
  if (body === undefined || config.method === 'GET' || config.method === 'HEAD') return undefined;
  if (typeof body === 'string') {
    headers['content-type'] ??=
      bodyType === 'json'
        ? 'application/json'
        : bodyType === 'form'
          ? 'application/x-www-form-urlencoded'
          : 'text/plain; charset=utf-8';
    return body;
  }
  if (bodyType === 'form' && !Array.isArray(body)) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    return form.toString();
  }
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(body);
}

function parseBody(res: OutboundResponse): unknown {
  const text = res.body.toString('utf8');
  if (/\bjson\b/i.test(res.headers['content-type'] ?? '') && !res.truncated) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

const snippet = (res: OutboundResponse) => res.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
