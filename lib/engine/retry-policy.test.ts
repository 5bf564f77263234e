import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('waits backoffMs × 4^(n−1), ±20 %', () => {
    expect(retryDelayMs(1, 15_000, undefined, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(2, 15_000, undefined, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(5, 15_000, undefined, () => 0.5)).toBe(3_840_000);
    expect(retryDelayMs(1, 1000, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(1, 1000, undefined, () => 1)).toBe(1200);
  });

  it('honours a longer Retry-After, never a shorter one', () => {
    expect(retryDelayMs(1, 50, 2000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(2, 15_000, 1000, () => 0.5)).toBe(60_000);
  });

  it('never waits more than 6 hours', () => {
    expect(retryDelayMs(10, 15_000, undefined, () => 0.5)).toBe(MAX_WAIT_MS);
    expect(retryDelayMs(1, 50, 48 * 3600_000, () => 0.5)).toBe(MAX_WAIT_MS);
  });
});
