import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessContact } from './contact-guess';
import { triggerContact } from './sources';
import { SOURCE_IDS } from './trigger';

// trigger.email and trigger.name: by the sender's answer types where it has them, by label otherwise.

const contact = (source: string, body: unknown) => triggerContact({ source }, { body, headers: {} });

describe('trigger.email and trigger.name', () => {
  it('Typeform: the answer of type email, whatever its question; the name by its question', () => {
    const body = {
      form_response: {
        definition: {
          fields: [
            { id: 'a', type: 'short_text', title: 'How should we call you?' },
            { id: 'b', type: 'email', title: 'Where can we reach you?' },
            { id: 'c', type: 'short_text', title: 'Company name' },
            { id: 'd', type: 'short_text', title: 'Your full name' },
          ],
        },
        answers: [
          { type: 'text', text: 'Acme', field: { id: 'c', type: 'short_text' } },
          { type: 'email', email: 'ada@example.com', field: { id: 'b', type: 'email' } },
          { type: 'text', text: 'Ada Lovelace', field: { id: 'd', type: 'short_text' } },
        ],
      },
    };
    expect(contact('typeform', body)).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
  });

  it('Tally: INPUT_EMAIL is the address even under an odd label; first and last name are joined', () => {
    const body = {
      data: {
        fields: [
          { key: 'q1', label: 'First name', type: 'INPUT_TEXT', value: 'Grace' },
          { key: 'q2', label: 'Last name', type: 'INPUT_TEXT', value: 'Hopper' },
          { key: 'q3', label: 'Referrer', type: 'INPUT_TEXT', value: 'someone@else.example' },
          { key: 'q4', label: 'Where do we reply?', type: 'INPUT_EMAIL', value: 'grace@example.com' },
        ],
      },
    };
    expect(contact('tally', body)).toEqual({ email: 'grace@example.com', name: 'Grace Hopper' });
  });

  it('Jotform: the full-name field {first, last} under any unique name, the email by name', () => {
    const rawRequest = JSON.stringify({
      q3_yourDetails: { first: 'Katherine', last: 'Johnson' },
      q4_email: 'katherine@example.com',
      q5_companyName: 'NASA',
    });
    expect(contact('jotform', { submissionID: '1', rawRequest })).toEqual({
      email: 'katherine@example.com',
      name: 'Katherine Johnson',
    });
  });

  it('Stripe: the customer of a Checkout Session or a charge; a product’s name is not a person', () => {
    expect(
      contact('stripe', {
        type: 'checkout.session.completed',
        data: { object: { object: 'checkout.session', customer_details: { email: 'b@x.io', name: 'Buyer' } } },
      }),
    ).toEqual({ email: 'b@x.io', name: 'Buyer' });
    expect(
      contact('stripe', {
        type: 'charge.succeeded',
        data: { object: { object: 'charge', billing_details: { email: 'c@x.io', name: null } } },
      }),
    ).toEqual({ email: 'c@x.io' });
    expect(
      contact('stripe', { type: 'product.created', data: { object: { object: 'product', name: 'T-shirt' } } }),
    ).toEqual({});
  });

  it('an HTML form (generic): the inputs named email and name, or first_name + last_name', () => {
    expect(triggerContact({}, { body: { email: 'a@b.io', name: 'Ann' }, headers: {} })).toEqual({
      email: 'a@b.io',
      name: 'Ann',
    });
    expect(
      triggerContact(undefined, {
        body: { first_name: 'Ann', last_name: 'Lee', your_email: 'ann@b.io', message: 'hi' },
        headers: {},
      }),
    ).toEqual({ email: 'ann@b.io', name: 'Ann Lee' });
    expect(triggerContact({}, { body: 'plain text', headers: {} })).toEqual({});
  });

  it('an address is taken from an answer that looks like one when no label says email; never a non-address', () => {
    expect(guessContact([{ label: 'Contact', value: 'x@y.io' }])).toEqual({ email: 'x@y.io' });
    expect(guessContact([{ label: 'Email', value: 'not an address' }])).toEqual({});
    expect(guessContact([{ label: 'Username', value: 'ada' }])).toEqual({});
  });

  it('a megabyte of dots after an @ is not an address, and is read without backtracking over it', () => {
    // Quadratic in an unbounded address regex: ~1e12 steps here, far past the test's timeout.
    const value = `a@${'.'.repeat(1 << 20)}<`;
    expect(guessContact([{ label: 'Email', value }])).toEqual({});
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOURCE_IDS), fc.anything({ maxDepth: 5 }), (source, body) => {
        const c = contact(source, body);
        if (c.email !== undefined) expect(typeof c.email).toBe('string');
        if (c.name !== undefined) expect(c.name.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 1000 },
    );
  });
});
