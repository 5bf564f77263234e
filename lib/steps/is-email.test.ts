import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../integrations/logic/evaluate-filter';
import { bareAddress, isEmail } from './is-email';

// Address checks see webhook values of any length: they give the same answers
// as the plain regexes on ordinary input and stay linear on hostile input.

const angleText = fc.array(fc.constantFrom('<', '>', 'a', '@', ' ', '.'), { maxLength: 12 }).map((c) => c.join(''));

describe('address checks on untrusted text', () => {
  it('bareAddress finds what /<([^>]+)>/ finds', () => {
    fc.assert(
      fc.property(fc.oneof(angleText, fc.string()), (s) => {
        expect(bareAddress(s)).toBe(/<([^>]+)>/.exec(s)?.[1] ?? s);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers at once on 400 kB of "<" and other backtracking bait', () => {
    const lt = '<'.repeat(400_000);
    expect(bareAddress(lt)).toBe(lt);
    expect(isEmail(lt)).toBe(false);
    // Quadratic for the unbounded regex: every split of the domain part is tried.
    const bait = `a@${'b.'.repeat(200_000)} x`;
    expect(evaluateCondition({ left: bait, op: 'isEmail' })).toBe(false);
    expect(evaluateCondition({ left: lt, op: 'isEmail' })).toBe(false);
    expect(evaluateCondition({ left: ' ann@example.com ', op: 'isEmail' })).toBe(true);
  });
});
