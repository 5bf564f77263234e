import { env } from '../env';
import type { FlowNode } from '../flows/graph';

// Retry rules of the contract: `attempts` counts every try (first included),
// default 6; the wait before try n+1 is backoffMs × 4^(n−1) ±20 % jitter, or the
// target's Retry-After when that is longer, never more than 6 hours.

export const DEFAULT_ATTEMPTS = 6;
export const MAX_WAIT_MS = 6 * 3600 * 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export type RetryPolicy = { attempts: number; backoffMs: number };

/** How many tries a step gets (the first included); unlike the backoff, needs no environment. */
export const maxAttempts = (node: Pick<FlowNode, 'retry'>) => node.retry?.attempts ?? DEFAULT_ATTEMPTS;

export function retryPolicy(node: Pick<FlowNode, 'retry'>): RetryPolicy {
  return {
    attempts: maxAttempts(node),
    backoffMs: node.retry?.backoffMs ?? env().RETRY_BASE_MS,
  };
}

export const stepTimeoutMs = (node: Pick<FlowNode, 'timeoutMs'>) => node.timeoutMs ?? DEFAULT_TIMEOUT_MS;

/** Wait after failed try number `attempt` (1-based) before the next one. */
export function retryDelayMs(
  attempt: number,
  backoffMs: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const base = backoffMs * 4 ** (attempt - 1);
  const jittered = base * (0.8 + 0.4 * random());
  const wait = Math.max(jittered, retryAfterMs ?? 0);
  return Math.round(Math.min(wait, MAX_WAIT_MS));
}
