import { describe, expect, it } from 'vitest';
import { relativeText } from './relative-time';

describe('relative times', () => {
  it('count to the second, both ways', () => {
    expect(relativeText(42_000)).toBe('in 42 s');
    expect(relativeText(42_400)).toBe('in 42 s');
    expect(relativeText(3 * 60_000 + 5_000)).toBe('in 3 min 5 s');
    expect(relativeText(2 * 3_600_000 + 60_000)).toBe('in 2 h 1 min');
    expect(relativeText(-12_000)).toBe('12 s ago');
    expect(relativeText(300)).toBe('now');
  });
});
