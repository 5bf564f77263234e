import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHookFlow, flowEvents, setTrigger } from '../helpers/hooks';
import { createTenant, type Tenant } from '../helpers/tenant';

// Sender checks over real HTTP: valid, tampered, expired and rotated signatures.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('signatures');
});

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
    (r) => r.status,
  );

describe('Standard Webhooks', () => {
  const key = randomBytes(32);
  const secret = `whsec_${key.toString('base64')}`;
  const sign = (k: Buffer, id: string, ts: number, body: string) =>
    createHmac('sha256', k).update(`${id}.${ts}.${body}`).digest('base64');
  const headers = (id: string, ts: number, sig: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sig,
  });

  it('accepts valid, refuses tampered, expired and foreign-key signatures; accepts a rotation pair', async () => {
    const flow = await createHookFlow(t, { signature: { scheme: 'standard-webhooks', secret } });
    const body = '{"type":"order.paid","id":42}';
    const now = Math.floor(Date.now() / 1000);
    expect(await post(flow.url, body, headers('msg_1', now, `v1,${sign(key, 'msg_1', now, body)}`))).toBe(202);
    // Same body, one byte changed.
    expect(
      await post(flow.url, body.replace('42', '43'), headers('msg_2', now, `v1,${sign(key, 'msg_2', now, body)}`)),
    ).toBe(401);
    // Correctly signed but 6 minutes old (replay).
    const old = now - 360;
    expect(await post(flow.url, body, headers('msg_3', old, `v1,${sign(key, 'msg_3', old, body)}`))).toBe(401);
    // Signed with another key only.
    const other = randomBytes(32);
    expect(await post(flow.url, body, headers('msg_4', now, `v1,${sign(other, 'msg_4', now, body)}`))).toBe(401);
    // Sender rotating: old and new signature side by side.
    expect(
      await post(
        flow.url,
        body,
        headers('msg_5', now, `v1,${sign(other, 'msg_5', now, body)} v1,${sign(key, 'msg_5', now, body)}`),
      ),
    ).toBe(202);
    // The webhook-id is also the duplicate key.
    expect(await post(flow.url, body, headers('msg_5', now, `v1,${sign(key, 'msg_5', now, body)}`))).toBe(200);

    const refused = await flowEvents(t, flow.id, 'refused');
    expect(refused.map((e) => e.httpStatus)).toEqual([401, 401, 401]);
    expect(refused.some((e) => /5 minutes/.test(e.refusalReason))).toBe(true);
  });
});

describe('generic HMAC', () => {
  it('GitHub style (sha256=<hex>): valid, tampered, and a rotated secret once the flow is updated', async () => {
    const config = {
      scheme: 'hmac',
      secret: 'first',
      header: 'X-Hub-Signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
    };
    const flow = await createHookFlow(t, { signature: config });
    const body = '{"action":"opened"}';
    const sig = (secret: string, b = body) => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;
    expect(await post(flow.url, body, { 'x-hub-signature-256': sig('first') })).toBe(202);
    expect(await post(flow.url, '{"action":"closed"}', { 'x-hub-signature-256': sig('first') })).toBe(401);
    expect(await post(flow.url, body, { 'x-hub-signature-256': sig('second') })).toBe(401);
    await setTrigger(t, flow.id, { signature: { ...config, secret: 'second' } });
    expect(await post(flow.url, body, { 'x-hub-signature-256': sig('second') })).toBe(202);
    expect(await post(flow.url, body, { 'x-hub-signature-256': sig('first') })).toBe(401);
  });

  it('Shopify style (base64, no prefix) and sha1', async () => {
    const shop = await createHookFlow(t, {
      signature: {
        scheme: 'hmac',
        secret: 'shpss',
        header: 'X-Shopify-Hmac-Sha256',
        algorithm: 'sha256',
        encoding: 'base64',
      },
    });
    const body = '{"id":1}';
    expect(
      await post(shop.url, body, {
        'x-shopify-hmac-sha256': createHmac('sha256', 'shpss').update(body).digest('base64'),
      }),
    ).toBe(202);
    expect(
      await post(shop.url, body, {
        'x-shopify-hmac-sha256': createHmac('sha256', 'nope').update(body).digest('base64'),
      }),
    ).toBe(401);
    const legacy = await createHookFlow(t, {
      signature: { scheme: 'hmac', secret: 'old', header: 'X-Signature', algorithm: 'sha1', encoding: 'hex' },
    });
    expect(await post(legacy.url, body, { 'x-signature': createHmac('sha1', 'old').update(body).digest('hex') })).toBe(
      202,
    );
    expect(
      await post(legacy.url, body, { 'x-signature': createHmac('sha256', 'old').update(body).digest('hex') }),
    ).toBe(401);
  });
});
