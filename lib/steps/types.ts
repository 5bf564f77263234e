// What a step's run gets and may throw or return (lib/integrations/define-server.ts):
// the config arrives with every template resolved and parsed by the step's schema.

/** A connection type's id (lib/integrations/<app>/app.ts, `defineConnection`). */
export type ConnectionType = string;

export type StepContext = {
  workspaceId: string;
  flowId: string;
  runId: string;
  nodeId: string;
  /** 1-based try number. */
  attempt: number;
  /** `run:<runId>:<nodeId>` — stable across retries and worker crashes. */
  idempotencyKey: string;
  /** Aborted when the step's timeout elapses. */
  signal: AbortSignal;
  /** The step's config as written in the flow, templates not yet rendered; absent outside real runs (the editor's test). */
  rawConfig?: Record<string, unknown>;
  /**
   * Loads and decrypts a connection of this workspace whose type is one of
   * `accepts` (throws a non-retryable StepError otherwise).
   */
  connection(
    id: string,
    accepts: readonly ConnectionType[],
  ): Promise<{ id: string; type: ConnectionType; config: Record<string, unknown>; secret: Record<string, unknown> }>;
};

/**
 * A failed try. `retryable` decides whether the engine schedules another
 * attempt; `retryAfterMs` (e.g. from a Retry-After header) lengthens the wait.
 */
export class StepError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

/**
 * Returned (not thrown) by an executor that decided not to act, e.g. a send
 * over its cap: the step ends `skipped` with the reason, is not retried, and
 * the run does not fail.
 */
export class StepSkipped {
  constructor(
    readonly reason: string,
    readonly message: string,
  ) {}
}

/** HTTP statuses that are worth another try: 408, 429 and 5xx. */
export const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;
