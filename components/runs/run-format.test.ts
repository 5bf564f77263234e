import { describe, expect, it } from 'vitest';
import { formatDuration, runDuration } from './run-format';

describe('run durations', () => {
  it('reads naturally at every scale', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(3 * 60_000 + 4_000)).toBe('3 min 4 s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
  });
  it('uses start to finish, or time so far', () => {
    const base = { createdAt: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:01Z' };
    expect(runDuration({ ...base, finishedAt: '2026-01-01T00:00:03Z' }, 0)).toBe('2.0 s');
    expect(runDuration({ ...base, finishedAt: null }, Date.parse('2026-01-01T00:00:06Z'))).toBe('5.0 s so far');
    expect(runDuration({ ...base, startedAt: null, finishedAt: null }, 0)).toBe('—');
    // While hydrating there is no "now": the same text on server and browser.
    expect(runDuration({ ...base, finishedAt: null }, null)).toBe('—');
    expect(runDuration({ ...base, finishedAt: '2026-01-01T00:00:03Z' }, null)).toBe('2.0 s');
  });
});
