import { describe, expect, it } from 'vitest';
import { flatten, insertAt, insertion, variableGroups } from './variables';

describe('variable picker data', () => {
  it('lists the sample body fields as trigger.body paths with sample values', () => {
    const groups = variableGroups(
      { method: 'POST', body: { email: 'ada@example.com', 'first name': 'Ada', address: { city: 'Paris' } } },
      [],
    );
    const body = groups.find((g) => g.title === 'Trigger → body')!;
    expect(body.variables.map((v) => v.path)).toEqual([
      'trigger.body.email',
      'trigger.body["first name"]',
      'trigger.body.address',
      'trigger.body.address.city',
    ]);
    expect(body.variables[0]!.sample).toBe('"ada@example.com"');
    expect(insertion(body.variables[0]!.path)).toBe('{{ trigger.body.email }}');
  });

  it('names earlier steps by node id under steps.<id>', () => {
    const groups = variableGroups(null, [
      { nodeId: 'lead', label: 'Add contact to CRM', output: { contactId: 'c1', created: true } },
    ]);
    expect(groups[0]!.variables.map((v) => v.path)).toEqual(['steps.lead.contactId', 'steps.lead.created']);
  });

  it('shows the first item of lists', () => {
    expect(flatten({ items: [{ id: 1 }, { id: 2 }] }, 'trigger.body').map((v) => v.path)).toEqual([
      'trigger.body.items',
      'trigger.body.items[0]',
      'trigger.body.items[0].id',
    ]);
  });

  it('inserts at the caret, replacing the selection', () => {
    expect(insertAt('Hi !', '{{ x }}', 3, 3)).toEqual({ value: 'Hi {{ x }}!', caret: 10 });
    expect(insertAt('Hi NAME', '{{ x }}', 3, 7)).toEqual({ value: 'Hi {{ x }}', caret: 10 });
    expect(insertAt('abc', 'X', null, null)).toEqual({ value: 'abcX', caret: 4 });
  });
});
