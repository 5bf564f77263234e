import { describe, expect, it } from 'vitest';
import { buildPlan } from './flow-plan';
import { ConfigError, prepareStep } from './step-input';

// A step runs with what is recorded as its input: a template that makes
// characters PostgreSQL cannot hold gives a cleaned input with a note; a
// config too deep to record is refused (not retried) rather than sent cut.

const trigger = {
  body: { name: 'Ann' },
  query: {},
  headers: {},
  method: 'POST',
  receivedAt: '2026-01-01T00:00:00.000Z',
};
const prepare = (config: Record<string, unknown>) => {
  const plan = buildPlan({
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config: {} },
      { id: 'call', type: 'http.request', config },
    ],
    edges: [{ source: 'trigger', target: 'call' }],
  });
  return prepareStep(plan, plan.nodes.get('call')!, { trigger, steps: { trigger } });
};

describe('prepareStep', () => {
  it('cleans NUL a template makes, and notes it', () => {
    const { input, config } = prepare({ url: 'http://example.test/{{ "a%00b" | url_decode }}' });
    expect(input).toMatchObject({ url: 'http://example.test/a\ufffdb', _storage: { cleaned: true, truncated: false } });
    expect(config).toMatchObject({ url: 'http://example.test/a\ufffdb' });
    expect(config).not.toHaveProperty('_storage');
  });

  it('keeps an ordinary input as it is', () => {
    expect(prepare({ url: 'http://example.test/{{ trigger.body.name }}' }).input).toEqual({
      url: 'http://example.test/Ann',
    });
  });

  it('refuses a config nested too deep to record', () => {
    let body: unknown = 'x';
    for (let i = 0; i < 80; i++) body = { d: body };
    let err: unknown;
    try {
      prepare({ url: 'http://example.test/', body: body as Record<string, unknown> });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      /^Step "call": the filled-in config is too large or too deeply nested to run/,
    );
  });
});
