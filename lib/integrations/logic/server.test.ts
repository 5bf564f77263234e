import { describe, expect, it } from 'vitest';
import { controlSteps } from '../registry.server';

// Control steps decide with values, so their rules are checked without a
// database; the engine's use of them is in tests/integration/branches and runs-durability.

const now = new Date('2026-12-04T12:00:00.000Z');

describe('control steps', () => {
  it('filter: done with its verdict, and lets children run only when it passed', () => {
    const filter = controlSteps.filter!;
    const raw = { conditions: [{ left: '{{ trigger.body.email }}', op: 'isEmail' }] };
    const pass = filter.decide({
      config: { conditions: [{ left: 'a@b.co', op: 'isEmail' }] },
      rawConfig: raw,
      now,
      resumed: false,
    });
    expect(pass).toEqual({ outcome: 'done', output: { passed: true } });
    const fail = filter.decide({
      config: { conditions: [{ left: 'nope', op: 'isEmail' }] },
      rawConfig: raw,
      now,
      resumed: false,
    });
    expect(fail).toEqual({ outcome: 'done', output: { passed: false } });
    expect(filter.lets!({ passed: true }, 'next')).toBe(true);
    expect(filter.lets!({ passed: false }, 'next')).toBe(false);
    expect(() => filter.decide({ config: {}, rawConfig: { conditions: [] }, now, resumed: false })).toThrow(
      'Add at least one condition',
    );
  });

  it('delay: waits until now + its duration, then is done when resumed', () => {
    const delay = controlSteps.delay!;
    expect(delay.decide({ config: { minutes: 2, seconds: 5 }, rawConfig: {}, now, resumed: false })).toEqual({
      outcome: 'wait',
      until: new Date(now.getTime() + 125_000),
    });
    expect(delay.decide({ config: { minutes: 2 }, rawConfig: {}, now, resumed: true })).toEqual({
      outcome: 'done',
      output: { resumedAt: now.toISOString() },
    });
    expect(delay.lets).toBeUndefined();
  });
});
