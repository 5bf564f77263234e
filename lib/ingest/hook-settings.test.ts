import { describe, expect, it } from 'vitest';
import { dedupeKey, hookSettings, selectHeaders, valueAtPath } from './hook-settings';
import { readBody } from './read-body';

const none = () => undefined;

describe('hookSettings', () => {
  it('reads valid fields and flags a present but invalid signature as broken', () => {
    const s = hookSettings({
      redirectUrl: 'https://example.com/ok',
      rateLimitPerMinute: 10,
      dedupeKeyPath: 'id',
      signature: { scheme: 'hmac', secret: '' },
    });
    expect(s).toMatchObject({
      redirectUrl: 'https://example.com/ok',
      rateLimitPerMinute: 10,
      dedupeKeyPath: 'id',
      signature: null,
      signatureBroken: true,
    });
    expect(hookSettings({ redirectUrl: 'not a url' }).redirectUrl).toBeNull();
    expect(hookSettings(null)).toMatchObject({ signature: null, signatureBroken: false });
  });
});

describe('dedupeKey', () => {
  const settings = hookSettings({ dedupeKeyPath: 'data.submission.id' });
  it('prefers the body value at dedupeKeyPath, then Idempotency-Key, then webhook-id', () => {
    const header = (h: Record<string, string>) => (n: string) => h[n];
    expect(dedupeKey({ data: { submission: { id: 42 } } }, header({ 'idempotency-key': 'k' }), settings)).toBe(
      'body:42',
    );
    expect(dedupeKey({}, header({ 'idempotency-key': 'k', 'webhook-id': 'w' }), settings)).toBe('header:k');
    expect(dedupeKey({}, header({ 'webhook-id': 'w' }), hookSettings({}))).toBe('header:w');
    expect(dedupeKey({}, none, settings)).toBeNull();
    expect(dedupeKey({}, header({ 'idempotency-key': 'x'.repeat(500) }), settings)).toMatch(
      /^header#sha256:[0-9a-f]{64}$/,
    );
  });
  it('takes the webhook-id a Standard Webhooks signature covers over an unsigned Idempotency-Key', () => {
    const header = (h: Record<string, string>) => (n: string) => h[n];
    const signed = hookSettings({ signature: { scheme: 'standard-webhooks', secret: 'whsec_c2VjcmV0' } });
    expect(dedupeKey({}, header({ 'idempotency-key': 'fresh', 'webhook-id': 'msg_1' }), signed)).toBe('header:msg_1');
    const other = hookSettings({ signature: { scheme: 'shared-secret', secret: 's', header: 'X-Key' } });
    expect(dedupeKey({}, header({ 'idempotency-key': 'fresh', 'webhook-id': 'msg_1' }), other)).toBe('header:fresh');
  });
  it('normalises a stored redirectUrl to ASCII, and ignores one that is not http(s)', () => {
    expect(hookSettings({ redirectUrl: 'https://bücher.example/✓' }).redirectUrl).toBe(
      'https://xn--bcher-kva.example/%E2%9C%93',
    );
    expect(hookSettings({ redirectUrl: 'javascript:alert(1)' }).redirectUrl).toBeNull();
  });
  it('follows own properties only', () => {
    expect(valueAtPath({ a: [{ b: 'x' }] }, 'a.0.b')).toBe('x');
    expect(valueAtPath({}, 'constructor.name')).toBeUndefined();
  });
});

describe('selectHeaders', () => {
  it('drops credentials and the shared-secret header', () => {
    const s = hookSettings({ signature: { scheme: 'shared-secret', secret: 's', header: 'X-Token' } });
    expect(
      selectHeaders(
        [
          ['Authorization', 'Bearer x'],
          ['cookie', 'a'],
          ['x-token', 's'],
          ['content-type', 'text/plain'],
        ],
        s,
      ),
    ).toEqual({ 'content-type': 'text/plain' });
  });
});

describe('readBody', () => {
  async function* chunks(n: number, size: number) {
    for (let i = 0; i < n; i++) yield new Uint8Array(size);
  }
  it('keeps at most the cap, reads a little past it so the sender gets its 413, and stops reading a flood', async () => {
    expect(await readBody(chunks(3, 10), 30)).toMatchObject({ ok: true });
    expect(((await readBody(chunks(3, 10), 30)) as { raw: Buffer }).raw.length).toBe(30);
    expect(await readBody(chunks(1000, 10), 25)).toEqual({ ok: false, tooLarge: true });

    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(1024 * 1024);
      }
    }
    expect(await readBody(endless(), 1024)).toEqual({ ok: false, tooLarge: true });
    expect(pulled).toBeLessThanOrEqual(10);
  });
});

describe('dedupeKey with a source', () => {
  const h = (m: Record<string, string>) => (n: string) => m[n];
  it("uses the sender's own id: a body path (Typeform's token) or a delivery header (GitHub's)", () => {
    const typeform = hookSettings({ source: 'typeform' });
    expect(dedupeKey({ form_response: { token: 'tok1' } }, h({ 'idempotency-key': 'other' }), typeform)).toBe(
      'source:tok1',
    );
    const github = hookSettings({ source: 'github' });
    expect(dedupeKey({}, h({ 'x-github-delivery': 'd-1' }), github)).toBe('source:d-1');
  });
  it('a hand-set dedupeKeyPath wins; without the source id the headers still count', () => {
    const s = hookSettings({ source: 'tally', dedupeKeyPath: 'orderId' });
    expect(dedupeKey({ orderId: 7, data: { responseId: 'r' } }, none, s)).toBe('body:7');
    expect(dedupeKey({}, h({ 'idempotency-key': 'k' }), hookSettings({ source: 'tally' }))).toBe('header:k');
  });
  it('a signed svix-id wins over an unsigned Idempotency-Key', () => {
    const s = hookSettings({ signature: { scheme: 'standard-webhooks', secret: 'whsec_AAAA' } });
    expect(dedupeKey({}, h({ 'svix-id': 'msg_1', 'idempotency-key': 'k' }), s)).toBe('header:msg_1');
  });
});
