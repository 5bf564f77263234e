import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateFilter } from './evaluate-filter';

const c = (left: unknown, op: string, right?: unknown) => evaluateCondition({ left, op, right } as never);

describe('filter conditions', () => {
  it('compares text ignoring case and spaces, numbers as numbers', () => {
    expect(c(' Yes ', 'equals', 'yes')).toBe(true);
    expect(c('10', 'equals', '10.0')).toBe(true);
    expect(c('10', 'greaterThan', '9')).toBe(true);
    expect(c('abc', 'greaterThan', '1')).toBe(false);
    expect(c('a', 'notEquals', 'b')).toBe(true);
  });

  it('handles contains on text and lists, and emptiness', () => {
    expect(c('Hello World', 'contains', 'world')).toBe(true);
    expect(c(['vip', 'new'], 'contains', 'VIP')).toBe(true);
    expect(c(['vip'], 'notContains', 'new')).toBe(true);
    expect(c('', 'isEmpty')).toBe(true);
    expect(c([], 'isEmpty')).toBe(true);
    expect(c('x', 'isNotEmpty')).toBe(true);
    expect(c('ann@example.com', 'isEmail')).toBe(true);
    expect(c('ann@', 'isEmail')).toBe(false);
    expect(c('ann@example.com', 'endsWith', '@EXAMPLE.com')).toBe(true);
  });

  it('combines with all / any', () => {
    const conditions = [
      { left: 'a', op: 'equals' as const, right: 'a' },
      { left: 'a', op: 'equals' as const, right: 'b' },
    ];
    expect(evaluateFilter({ conditions, match: 'all' })).toEqual({ passed: false });
    expect(evaluateFilter({ conditions, match: 'any' })).toEqual({ passed: true });
  });
});
