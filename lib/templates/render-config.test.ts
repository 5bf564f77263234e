import { describe, expect, it } from 'vitest';
import { renderConfig, TemplateError } from './render-config';

const ctx = {
  trigger: {
    body: { email: 'Ann@Example.com', name: 'Ann', items: [1, 2], n: 3 },
    query: {},
    headers: {},
    method: 'POST',
    receivedAt: '2026-01-01T00:00:00.000Z',
  },
  steps: { lead: { contactId: 'c-1' } },
};
const opts = { nodeId: 'ack', upstream: new Set(['lead']), allSteps: new Set(['trigger', 'lead', 'ack', 'later']) };
const render = (config: unknown) => renderConfig(config, ctx, opts);
const failure = (config: unknown) => {
  try {
    render(config);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return (err as TemplateError).message;
  }
  throw new Error('expected a TemplateError');
};

describe('renderConfig', () => {
  it('renders every string at any depth and keeps objects as objects', () => {
    expect(
      render({
        to: '{{ trigger.body.email | downcase }}',
        body: { id: 'x-{{ steps.lead.contactId }}', nested: ['{{ trigger.body.name }}', 5] },
        n: 2,
      }),
    ).toEqual({
      to: 'ann@example.com',
      body: { id: 'x-c-1', nested: ['Ann', 5] },
      n: 2,
    });
  });

  it('keeps a list or object when it is the whole value, and turns numbers into text', () => {
    expect(render({ items: '{{ trigger.body.items }}', n: '{{ trigger.body.n }}' })).toEqual({ items: [1, 2], n: '3' });
  });

  it('renders a missing value as empty text', () => {
    expect(render({ phone: '{{ trigger.body.phone }}' })).toEqual({ phone: '' });
  });

  it('fails on an unknown filter, naming the step and field', () => {
    expect(failure({ body: { to: '{{ trigger.body.email | shout }}' } })).toBe(
      'Step "ack", field "body.to": unknown filter "shout"',
    );
  });

  it('fails on a syntax error, naming the step and field', () => {
    expect(failure({ subject: 'Hi {{ trigger.body.name ' })).toMatch(
      /^Step "ack", field "subject": template error: .*not closed/,
    );
  });

  it('fails on a step that does not exist or runs later, naming the variable', () => {
    expect(failure({ a: '{{ steps.nope.id }}' })).toContain(
      '"steps.nope.id" refers to a step "nope" that this flow does not have',
    );
    expect(failure({ a: '{{ steps.later.id }}' })).toContain(
      '"steps.later.id" uses step "later", which does not run before this step',
    );
    expect(failure({ a: '{{ email }}' })).toContain('unknown variable "email"');
  });

  it('cannot read files, reach prototypes or run away', () => {
    expect(failure({ a: '{% include "/etc/passwd" %}' })).toContain('field "a"');
    expect(render({ a: '{{ trigger.constructor }}{{ trigger.body.__proto__ }}' })).toEqual({ a: '' });
    expect(failure({ a: '{% for i in (1..100000000) %}xxxxxxxxxx{% endfor %}' })).toContain('exceeds its budget');
  });
});
