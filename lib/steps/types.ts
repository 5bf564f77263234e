import type { z } from 'zod';
import type { OAuthConnectionType } from '../oauth2/providers';

// The contract between the engine and the step types.
// - A StepDefinition is browser-safe (schema.ts): the zod config schema drives
//   API validation and the editor's form.
// - A StepExecutor is server-only (run.ts): it gets the config with every
//   template already resolved and returns the step's output.

export type StepCategory = 'trigger' | 'crm' | 'message' | 'http' | 'logic';

export type StepDefinition<S extends z.ZodType = z.ZodType> = {
  type: string;
  label: string;
  description: string;
  icon: string;
  category: StepCategory;
  configSchema: S;
  /** Connection type this step needs in `config.connection`, if any. */
  connectionType?: ConnectionType;
  /** Side-effecting steps get the idempotency key `run:<runId>:<nodeId>`. */
  sideEffect: boolean;
};

export type ConnectionType = 'smtp' | 'slack' | 'twilio' | 'hubspot' | 'http' | OAuthConnectionType;

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
  /** Loads and decrypts a connection of this workspace (throws a non-retryable StepError otherwise). */
  connection(
    id: string,
    type: ConnectionType,
  ): Promise<{ id: string; type: ConnectionType; config: Record<string, unknown>; secret: Record<string, unknown> }>;
};

export type StepExecutor<C = any> = (config: C, ctx: StepContext) => Promise<unknown>;

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
