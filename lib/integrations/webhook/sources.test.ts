import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS } from './field-values';
import { triggerFields, webhookSources } from './sources';
import { SOURCE_IDS } from './trigger';

// The sources' field readers on the vendors' documented shapes, and on anything at all.

const fields = (source: string, body: unknown, headers: Record<string, unknown> = {}) =>
  triggerFields({ source }, { body, headers });

describe('source presets', () => {
  it('every source id of the trigger schema has a definition, and the other way round', () => {
    expect(webhookSources.map((s) => s.id).sort()).toEqual([...SOURCE_IDS].sort());
  });

  it('Tally: labels, option ids to their texts, file urls', () => {
    expect(
      fields('tally', {
        data: {
          fields: [
            { key: 'q1', label: 'Email', type: 'INPUT_EMAIL', value: 'a@b.c' },
            { key: 'q2', label: 'Pick', type: 'DROPDOWN', value: ['x'], options: [{ id: 'x', text: 'Blue' }] },
            {
              key: 'q3',
              label: 'CV',
              type: 'FILE_UPLOAD',
              value: [{ id: 'f', name: 'cv.pdf', url: 'https://t/cv.pdf' }],
            },
            { key: 'q4', label: 'Agree', type: 'CHECKBOX', value: true },
          ],
        },
      }),
    ).toEqual({ Email: 'a@b.c', Pick: ['Blue'], CV: ['https://t/cv.pdf'], Agree: 'true' });
  });

  it('Jotform: rawRequest as a JSON string, qN_ prefix dropped, composite joined', () => {
    const rawRequest = JSON.stringify({ q3_name: { first: 'Ada', last: 'Lovelace' }, q4_email: 'a@b.c', slug: 'x' });
    expect(fields('jotform', { submissionID: '1', rawRequest })).toEqual({ name: 'Ada Lovelace', email: 'a@b.c' });
    expect(fields('jotform', { rawRequest: '{not json' })).toEqual({});
  });

  it('Google Forms, Webflow, Stripe, GitHub', () => {
    expect(fields('google-forms', { responseId: 'r', answers: { 'Your name': 'Ada', Days: ['Mon', 'Tue'] } })).toEqual({
      'Your name': 'Ada',
      Days: ['Mon', 'Tue'],
    });
    expect(
      fields('webflow', { triggerType: 'form_submission', payload: { id: 'w', data: { Email: 'a@b.c' } } }),
    ).toEqual({
      Email: 'a@b.c',
    });
    expect(
      fields('stripe', {
        id: 'evt_1',
        type: 'charge.succeeded',
        data: { object: { amount: 5, billing_details: { email: 'e' } } },
      }),
    ).toEqual({
      'event type': 'charge.succeeded',
      'event id': 'evt_1',
      amount: '5',
      'billing_details.email': 'e',
    });
    expect(
      fields('github', { action: 'opened', sender: { login: 'octo' } }, { 'x-github-event': 'issues' }),
    ).toMatchObject({
      event: 'issues',
      action: 'opened',
      sender: 'octo',
    });
    expect(fields('generic', { a: 1 })).toBeUndefined();
  });

  it('never throws and stays bounded, whatever the body', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOURCE_IDS), fc.anything({ maxDepth: 5 }), (source, body) => {
        const f = fields(source, body, { 'x-github-event': body as never });
        if (f) expect(Object.keys(f).length).toBeLessThanOrEqual(MAX_FIELDS);
      }),
      { numRuns: 1000 },
    );
    const many = { data: { fields: Array.from({ length: 1000 }, (_, i) => ({ label: `q${i}`, value: 'x' })) } };
    expect(Object.keys(fields('tally', many)!)).toHaveLength(MAX_FIELDS);
  });
});
