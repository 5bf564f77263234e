import type { Endpoints } from './endpoints';

// The browser's one way to call /api/v1: `api('PUT /flows/{id}', { params: { id }, body })`.
// Same-origin with the session cookie; the browser sends Origin on every
// mutation, which apiRoute checks for cookie-authenticated calls (CSRF), so
// the client adds no token of its own. Every failure is an ApiError: the
// status (0 when Switchboard could not be reached), the JSON error's code and
// message, and its details, which forms show next to their fields.

export type ApiErrorDetail = { path: string; message: string; nodeId?: string; field?: string };

export const UNREACHABLE = 'Could not reach Switchboard. Check your connection and try again.';

export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** The API's error code (`invalid_input`, `not_found`, …); `network` without an answer, `http` without a JSON error. */
    readonly code: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The first message for each field path, with `prefix` (e.g. `config.`) taken off the paths that have it. */
  fieldErrors(prefix = ''): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = prefix && d.path.startsWith(prefix) ? d.path.slice(prefix.length) : d.path;
      out[key] ??= d.message;
    }
    return out;
  }
}

/** What to tell the person: the API's own message, else `fallback` (an answer without one, or not an ApiError). */
export function errorText(err: unknown, fallback: string): string {
  return err instanceof ApiError && err.code !== 'http' ? err.message : fallback;
}

/** For a form with one field: the first field's message, else as errorText. */
export function firstDetailText(err: unknown, fallback: string): string {
  return (err instanceof ApiError && err.details[0]?.message) || errorText(err, fallback);
}

type Spec = Endpoints[keyof Endpoints];
type PathParams<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? { [k in K]: string | number } & PathParams<Rest>
  : unknown;
type ParamsPart<K extends string> = K extends `${string}{${string}` ? { params: PathParams<K> } : { params?: never };
type QueryPart<S extends Spec> = S extends { query: infer Q } ? { query?: Q } : { query?: never };
type BodyPart<S extends Spec> = S extends { body: infer B }
  ? { body: B }
  : S extends { body?: infer B }
    ? { body?: B }
    : { body?: never };
export type CallInit<K extends keyof Endpoints> = ParamsPart<K> &
  QueryPart<Endpoints[K]> &
  BodyPart<Endpoints[K]> & { signal?: AbortSignal };
type Args<K extends keyof Endpoints> = object extends CallInit<K> ? [init?: CallInit<K>] : [init: CallInit<K>];

/** A value as it comes out of JSON.parse: dates are strings. */
type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [P in keyof T]: Wire<T[P]> }
      : T;

/** The body a route takes. */
export type ApiBody<K extends keyof Endpoints> = Endpoints[K] extends { body?: infer B } ? B : never;

export type ApiResponse<K extends keyof Endpoints> = Wire<Endpoints[K]['response']>;

type LooseInit = {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
};

/** A client for the API at `base` (the browser's is `/api/v1` on its own origin). */
export function apiClient(base = '/api/v1') {
  return async function api<K extends keyof Endpoints>(route: K, ...args: Args<K>): Promise<ApiResponse<K>> {
    const { params, query, body, signal }: LooseInit = (args as unknown[])[0] ?? {};
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(params?.[k] ?? '')));
    let res: Response;
    try {
      res = await fetch(`${base}${path}${queryString(query)}`, {
        method,
        headers: body !== undefined ? { 'content-type': 'application/json' } : undefined,
        body: body !== undefined ? JSON.stringify(body) : undefined,
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(UNREACHABLE, 0, 'network');
    }
    const text = res.status === 204 ? '' : await res.text().catch(() => '');
    let data: any;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (res.ok) return data as ApiResponse<K>;
    const e = data?.error;
    if (typeof e?.message !== 'string') throw new ApiError(`Request failed (${res.status})`, res.status, 'http');
    throw new ApiError(e.message, res.status, String(e.code ?? 'error'), Array.isArray(e.details) ? e.details : []);
  };
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const api = apiClient();
