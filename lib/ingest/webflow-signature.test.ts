import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './verify-signature';

// Webflow's x-webflow-signature, built as its docs' "Validating request
// signatures" does: hex HMAC-SHA256 of `${timestamp}:${body}`, timestamp in ms.

const secret = '2b4acfd1c5518bf03c73a4889d197d77251353857c22694bf150b9e3402ba15f';
const body = Buffer.from(
  '{"triggerType":"form_submission","payload":{"name":"Email Form","siteId":"65427cf400e02b306eaa049c","data":{"Email 2":"hello@gmail.com"},"submittedAt":"2024-07-30T20:07:15.220Z","id":"66a947f35b9d7ba400e22733","formId":"65429eadebe8a9f3a30f62d7"}}',
);
const now = 1_722_370_035_277;
const sign = (ts: number, key = secret, raw: Buffer = body) =>
  createHmac('sha256', key)
    .update(`${ts}:${raw.toString('utf8')}`)
    .digest('hex');
const check = (h: Record<string, string>, raw = body) =>
  verifySignature({ scheme: 'webflow', secret }, raw, (n) => h[n], now);

describe('X-Webflow-Signature', () => {
  it('accepts the hex HMAC of "timestamp:body" with the webhook secret, in either hex case', () => {
    expect(check({ 'x-webflow-timestamp': String(now), 'x-webflow-signature': sign(now) })).toEqual({ ok: true });
    const earlier = now - 299_000;
    expect(
      check({ 'x-webflow-timestamp': String(earlier), 'x-webflow-signature': sign(earlier).toUpperCase() }),
    ).toEqual({ ok: true });
  });

  it('refuses a changed body, another key, and a signature of the body alone', () => {
    const h = { 'x-webflow-timestamp': String(now), 'x-webflow-signature': sign(now) };
    expect(check(h, Buffer.from(body.toString().replace('hello', 'eve'))).ok).toBe(false);
    expect(check({ ...h, 'x-webflow-signature': sign(now, 'another-secret') }).ok).toBe(false);
    const bodyOnly = createHmac('sha256', secret).update(body).digest('hex');
    expect(check({ ...h, 'x-webflow-signature': bodyOnly }).ok).toBe(false);
  });

  it('refuses a timestamp over 5 minutes old or ahead, or in seconds instead of milliseconds', () => {
    const stale = now - 301_000;
    expect(check({ 'x-webflow-timestamp': String(stale), 'x-webflow-signature': sign(stale) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('5 minutes'),
    });
    const ahead = now + 301_000;
    expect(check({ 'x-webflow-timestamp': String(ahead), 'x-webflow-signature': sign(ahead) }).ok).toBe(false);
    const seconds = Math.floor(now / 1000);
    expect(check({ 'x-webflow-timestamp': String(seconds), 'x-webflow-signature': sign(seconds) }).ok).toBe(false);
  });

  it('refuses missing or malformed headers, naming them', () => {
    expect(check({ 'x-webflow-timestamp': String(now) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('X-Webflow-Signature'),
    });
    expect(check({ 'x-webflow-signature': sign(now) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('X-Webflow-Timestamp'),
    });
    expect(check({ 'x-webflow-timestamp': `${now}.5`, 'x-webflow-signature': sign(now) }).ok).toBe(false);
    expect(check({ 'x-webflow-timestamp': String(now), 'x-webflow-signature': `sha256=${sign(now)}` }).ok).toBe(false);
  });
});
