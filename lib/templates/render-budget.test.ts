import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_CHARS, RENDER_BUDGET, RenderBudget } from './liquid-engine';
import { renderConfig, TemplateError, type TemplateContext } from './render-config';

// Whatever a template does — huge ranges, nested loops, strings grown in a
// loop, filters over big data — rendering a config either gives a bounded
// value or fails with a TemplateError; nothing else escapes, and the budget
// is shared by all strings of the config.

const big = 'x'.repeat(200_000);
const ctx: TemplateContext = {
  trigger: {
    body: { big, list: Array.from({ length: 50_000 }, (_, i) => `item-${i}`), n: 3, name: 'Ann' },
    query: {},
    headers: {},
    method: 'POST',
    receivedAt: '2026-01-01T00:00:00.000Z',
  },
  steps: {},
};
const opts = { nodeId: 'step', upstream: new Set<string>(), allSteps: new Set(['trigger', 'step']) };

const bound = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.integer({ min: 0, max: 1_000_000_000 }),
  fc.constant('trigger.body.n'),
);
const value = fc.constantFrom(
  'trigger.body.big',
  'trigger.body.list',
  'trigger.body.name',
  'trigger.body.n',
  'i',
  's',
  '"abc"',
);
const filter = fc.constantFrom(
  '',
  ' | size',
  ' | split: ""',
  ' | join: ","',
  ' | sort',
  ' | reverse',
  ' | append: trigger.body.big',
  ' | upcase',
  ' | first',
);
const template: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 10 }).map((s) => s.replace(/[{}%]/g, '')),
    fc.tuple(value, filter).map(([v, f]) => `{{ ${v}${f} }}`),
    fc.tuple(value, filter).map(([v, f]) => `{% assign s = ${v}${f} %}`),
    fc.tuple(bound, bound, tie('t')).map(([a, b, body]) => `{% for i in (${a}..${b}) %}${body}{% endfor %}`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => a + b),
  ),
})).t;

function render(config: Record<string, string>, budget?: RenderBudget) {
  try {
    return { ok: true as const, value: renderConfig(config, ctx, { ...opts, budget }) as Record<string, unknown> };
  } catch (err) {
    return { ok: false as const, err };
  }
}

describe('rendering within a budget', () => {
  it('gives a bounded value or a TemplateError, for any template', () => {
    fc.assert(
      fc.property(fc.array(template, { minLength: 1, maxLength: 3 }), (sources) => {
        const config = Object.fromEntries(sources.map((s, i) => [`f${i}`, s]));
        const budget = new RenderBudget();
        const r = render(config, budget);
        if (!r.ok) {
          expect(r.err).toBeInstanceOf(TemplateError);
          return;
        }
        for (const v of Object.values(r.value)) {
          const size = typeof v === 'string' ? v.length : JSON.stringify(v).length;
          expect(size).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a huge range before building it', () => {
    const r = render({ a: '{% for i in (1..40000000) %}x{% endfor %}' });
    expect(r.ok).toBe(false);
    expect((r as { err: Error }).err.message).toMatch(
      /field "a": the template exceeds its budget: it needs more memory/,
    );
  });

  it('shares one budget among all strings of a config', () => {
    // Each string alone fits; together they are more than one step may write.
    const each = '{% for i in (1..4) %}{{ trigger.body.big }}{% endfor %}'; // 800,000 characters
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, each]));
    expect(render(fields(Math.floor(RENDER_BUDGET.memory / 800_000))).ok).toBe(true);
    const r = render(fields(Math.ceil(RENDER_BUDGET.memory / 800_000) + 1));
    expect(r.ok).toBe(false);
    expect((r as { err: Error }).err.message).toContain('exceeds its budget');
  });

  it('fails a template that runs past its time budget', () => {
    const budget = new RenderBudget({ ...RENDER_BUDGET, ms: 20 });
    const r = render({ a: '{% for a in (1..1000000) %}{% for b in (1..1000000) %}{% endfor %}{% endfor %}' }, budget);
    expect(r.ok).toBe(false);
    expect((r as { err: Error }).err.message).toContain('it took longer than');
  });

  it('renders ordinary templates as before', () => {
    const r = render({
      a: 'Hi {{ trigger.body.name }}',
      b: '{% for i in (1..3) %}{{ i }}{% endfor %}',
      c: '{{ trigger.body.list | size }}',
    });
    expect(r).toEqual({ ok: true, value: { a: 'Hi Ann', b: '123', c: '50000' } });
  });
});
