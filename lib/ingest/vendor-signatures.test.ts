import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { standardHeaders, verifySignature } from './verify-signature';

// The vendors' schemes with the examples of their docs' shapes.

const body = Buffer.from('{"event_id":"01H","form_response":{"token":"abc"}}');
const get = (h: Record<string, string>) => (n: string) => h[n.toLowerCase()];
const now = Date.now();
const ts = Math.floor(now / 1000);

describe('Stripe-Signature', () => {
  const secret = 'whsec_test_secret';
  const v1 = (t: number, key = secret) => createHmac('sha256', key).update(`${t}.`).update(body).digest('hex');
  const check = (header: string) =>
    verifySignature({ scheme: 'stripe', secret }, body, get({ 'stripe-signature': header }), now);

  it('accepts t=…,v1=…, also with a v0 entry and a rotated second v1', () => {
    expect(check(`t=${ts},v1=${v1(ts)},v0=deadbeef`)).toEqual({ ok: true });
    expect(check(`t=${ts},v1=${v1(ts, 'whsec_old')},v1=${v1(ts)}`)).toEqual({ ok: true });
  });
  it('refuses outside 5 minutes, without t, without v1, with another key', () => {
    expect(check(`t=${ts - 301},v1=${v1(ts - 301)}`)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('5 minutes'),
    });
    expect(check(`v1=${v1(ts)}`)).toMatchObject({ ok: false, reason: expect.stringContaining('t=') });
    expect(check(`t=${ts}`)).toMatchObject({ ok: false, reason: expect.stringContaining('v1') });
    expect(check(`t=${ts},v1=${v1(ts, 'whsec_other')}`).ok).toBe(false);
  });
});

describe('Slack', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const sig = (t: number) => `v0=${createHmac('sha256', secret).update(`v0:${t}:`).update(body).digest('hex')}`;
  it('accepts v0= over "v0:ts:body" and refuses an old timestamp', () => {
    const ok = get({ 'x-slack-signature': sig(ts), 'x-slack-request-timestamp': String(ts) });
    expect(verifySignature({ scheme: 'slack', secret }, body, ok, now)).toEqual({ ok: true });
    const old = get({ 'x-slack-signature': sig(ts - 600), 'x-slack-request-timestamp': String(ts - 600) });
    expect(verifySignature({ scheme: 'slack', secret }, body, old, now).ok).toBe(false);
  });
});

describe('Typeform and Tally', () => {
  const secret = randomBytes(16).toString('hex');
  const b64 = createHmac('sha256', secret).update(body).digest('base64');
  it('Typeform needs the sha256= prefix; Tally takes the bare base64', () => {
    expect(
      verifySignature({ scheme: 'typeform', secret }, body, get({ 'typeform-signature': `sha256=${b64}` })),
    ).toEqual({ ok: true });
    expect(verifySignature({ scheme: 'typeform', secret }, body, get({ 'typeform-signature': b64 })).ok).toBe(false);
    expect(verifySignature({ scheme: 'tally', secret }, body, get({ 'tally-signature': b64 }))).toEqual({ ok: true });
    expect(verifySignature({ scheme: 'tally', secret }, body, get({})).ok).toBe(false);
  });
});

describe('Standard Webhooks header names', () => {
  it('takes webhook-* when present, else svix-*, never a mix', () => {
    expect(standardHeaders(get({ 'svix-id': 'a', 'svix-timestamp': '1', 'svix-signature': 's' }))).toMatchObject({
      id: 'a',
      svix: true,
    });
    expect(standardHeaders(get({ 'webhook-id': 'b', 'svix-timestamp': '1', 'svix-signature': 's' }))).toMatchObject({
      id: 'b',
      timestamp: undefined,
      svix: false,
    });
  });
});
