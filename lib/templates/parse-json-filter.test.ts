import { describe, expect, it } from 'vitest';
import { RenderBudget } from './liquid-engine';
import { renderConfig, TemplateError, type TemplateContext } from './render-config';

// parse_json: JSON nested in a string field (Jotform's rawRequest), bounded by the render budget.

const ctx = (body: unknown): TemplateContext => ({
  trigger: { body, query: {}, headers: {}, method: 'POST', receivedAt: '2026-12-04T00:00:00Z' },
  steps: {},
});
const opts = { nodeId: 'n', upstream: new Set<string>(), allSteps: new Set<string>() };

describe('parse_json', () => {
  it('reads a value out of JSON nested in a string', () => {
    const body = { rawRequest: JSON.stringify({ q3_name: { first: 'Ada', last: 'L' }, q4_email: 'a@b.c' }) };
    const out = renderConfig(
      {
        email: '{% assign r = trigger.body.rawRequest | parse_json %}{{ r.q4_email }}',
        whole: '{{ trigger.body.rawRequest | parse_json }}',
      },
      ctx(body),
      opts,
    );
    expect(out).toEqual({ email: 'a@b.c', whole: { q3_name: { first: 'Ada', last: 'L' }, q4_email: 'a@b.c' } });
  });

  it('invalid JSON is a template error naming the filter, not a crash', () => {
    expect(() => renderConfig({ x: '{{ trigger.body.s | parse_json }}' }, ctx({ s: '{oops' }), opts)).toThrow(
      TemplateError,
    );
    expect(() => renderConfig({ x: '{{ trigger.body.s | parse_json }}' }, ctx({ s: '{oops' }), opts)).toThrow(
      /parse_json/,
    );
  });

  it('a string bigger than the render budget fails the budget', () => {
    const big = JSON.stringify({ a: 'x'.repeat(5000) });
    const budget = new RenderBudget({ ms: 250, memory: 1000, allocation: 100_000 });
    expect(() =>
      renderConfig({ x: '{{ trigger.body.s | parse_json }}' }, ctx({ s: big }), { ...opts, budget }),
    ).toThrow(/budget/);
  });
});
