// One error type with a closed set of codes; the HTTP status of each code lives
// in one table. Expected outcomes are return values, not errors.

export const errorStatus = {
  invalid_input: 400,
  bad_request: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** `nodeId` and `field` (a path inside that step's config) place a flow problem in the editor. */
export type ErrorDetail = { path: string; message: string; nodeId?: string; field?: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

/** True for errors that mean PostgreSQL could not be reached. */
export function isDbUnavailable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', 'P1001', 'P1002', 'P1017'];
  if (e.code && codes.includes(e.code)) return true;
  if (
    /DatabaseNotReachable|connect ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect/i.test(
      e.message ?? '',
    )
  )
    return true;
  return e.cause ? isDbUnavailable(e.cause) : false;
}
