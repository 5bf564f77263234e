import { describe, expect, it } from 'vitest';
import { filterGroups, flatten, insertAt, insertion, matches, MAX_ROWS, variableGroups } from './variables';

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

  it('lists every item of a list, not only the first', () => {
    expect(flatten({ items: [{ id: 1 }, { id: 2 }] }, 'trigger.body').map((v) => v.path)).toEqual([
      'trigger.body.items',
      'trigger.body.items[0]',
      'trigger.body.items[0].id',
      'trigger.body.items[1]',
      'trigger.body.items[1].id',
    ]);
  });

  it('finds a Typeform answer by searching "email": its key, its question title, or its value', () => {
    const body = {
      form_response: {
        definition: {
          fields: [
            { id: 'a1', title: 'Your name' },
            { id: 'b2', title: 'Where can we reach you?' },
          ],
        },
        answers: [
          { type: 'text', text: 'Ada', field: { id: 'a1' } },
          { type: 'email', email: 'ada@example.com', field: { id: 'b2' } },
        ],
      },
    };
    const rows = flatten(body, 'trigger.body');
    const email = rows.filter((v) => matches(v, 'email') && !v.isGroup).map((v) => v.path);
    expect(email).toContain('trigger.body.form_response.answers[1].email');
    const reach = rows.filter((v) => matches(v, 'reach you') && !v.isGroup).map((v) => v.path);
    expect(reach).toEqual([
      'trigger.body.form_response.answers[1].type',
      'trigger.body.form_response.answers[1].email',
    ]);
    expect(rows.filter((v) => matches(v, 'ada@example')).map((v) => v.path)).toEqual([
      'trigger.body.form_response.answers[1].email',
    ]);
  });

  it('searching "email" also finds the form answer whose raw answer matches', () => {
    const body = {
      form_response: {
        definition: { fields: [{ id: 'b2', title: 'Where can we reach you?' }] },
        answers: [{ type: 'email', email: 'ada@example.com', field: { id: 'b2' } }],
      },
    };
    const groups = variableGroups({ body }, [], { 'Where can we reach you?': 'ada@example.com' });
    const found = filterGroups(groups, 'email');
    expect(found[0]!.title).toBe('Trigger → form answers');
    expect(found[0]!.variables.map((v) => v.path)).toEqual(['trigger.fields["Where can we reach you?"]']);
    expect(filterGroups(groups, 'zzz')).toEqual([]);
  });

  it('offers trigger.fields by label first, and stays bounded', () => {
    const groups = variableGroups({ body: {} }, [], { 'Your email': 'a@b.c', Topics: ['x', 'y'] });
    expect(groups[0]!.title).toBe('Trigger → form answers');
    expect(groups[0]!.variables.map((v) => v.path)).toEqual(['trigger.fields["Your email"]', 'trigger.fields.Topics']);
    const huge = { list: Array.from({ length: 500 }, (_, i) => ({ a: i, b: { c: i } })) };
    expect(flatten(huge, 'trigger.body').length).toBeLessThanOrEqual(MAX_ROWS);
  });

  it('offers the sender’s email and name (trigger.email, trigger.name) first, when the sample names them', () => {
    const groups = variableGroups({ body: {} }, [], { Email: 'a@b.c' }, { email: 'a@b.c', name: 'Ada' });
    expect(groups[0]!.title).toBe('Trigger → sender');
    expect(groups[0]!.variables.map((v) => [v.path, v.sample])).toEqual([
      ['trigger.email', '"a@b.c"'],
      ['trigger.name', '"Ada"'],
    ]);
    expect(filterGroups(groups, 'sender’s name')[0]!.variables.map((v) => v.path)).toEqual(['trigger.name']);
    expect(variableGroups({ body: {} }, [], undefined, {}).map((g) => g.title)).not.toContain('Trigger → sender');
  });

  it('inserts at the caret, replacing the selection', () => {
    expect(insertAt('Hi !', '{{ x }}', 3, 3)).toEqual({ value: 'Hi {{ x }}!', caret: 10 });
    expect(insertAt('Hi NAME', '{{ x }}', 3, 7)).toEqual({ value: 'Hi {{ x }}', caret: 10 });
    expect(insertAt('abc', 'X', null, null)).toEqual({ value: 'abcX', caret: 4 });
  });
});
