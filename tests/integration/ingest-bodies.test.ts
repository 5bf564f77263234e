import { beforeAll, describe, expect, it } from 'vitest';
import { createHookFlow, getEvent, waitForFinishedRun, type HookFlow } from '../helpers/hooks';
import { createTenant, type Tenant } from '../helpers/tenant';

// Bodies arrive parsed in the stored event according to their Content-Type,
// and hostile payloads stay inert data.

let t: Tenant;
let flow: HookFlow;
beforeAll(async () => {
  t = await createTenant('bodies');
  // GET opted in: one test sends its data in the query string.
  flow = await createHookFlow(t, { methods: ['POST', 'PUT', 'PATCH', 'GET'] });
});

async function deliver(body: BodyInit, contentType?: string) {
  const res = await fetch(flow.url, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  });
  expect(res.status).toBe(202);
  const { eventId } = await res.json();
  return getEvent(t, eventId);
}

describe('stored event bodies', () => {
  it('JSON', async () => {
    const e = await deliver(
      JSON.stringify({ email: 'ada@example.com', items: [{ sku: 'A', qty: 2 }], paid: true }),
      'application/json',
    );
    expect(e.body).toEqual({ email: 'ada@example.com', items: [{ sku: 'A', qty: 2 }], paid: true });
  });

  it('application/x-www-form-urlencoded', async () => {
    const e = await deliver(
      'email=ada%40example.com&name=Ada+Lovelace&interest=a&interest=b',
      'application/x-www-form-urlencoded',
    );
    expect(e.body).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', interest: ['a', 'b'] });
  });

  it('multipart/form-data: fields, and files as name/type/size', async () => {
    const form = new FormData();
    form.append('email', 'ada@example.com');
    form.append('cv', new Blob(['%PDF-1.4 fake'], { type: 'application/pdf' }), 'cv.pdf');
    const e = await deliver(form);
    expect(e.body).toEqual({ email: 'ada@example.com', cv: { filename: 'cv.pdf', type: 'application/pdf', size: 13 } });
  });

  it('text/* as a string, anything else as base64', async () => {
    expect((await deliver('hello\nworld', 'text/plain; charset=utf-8')).body).toBe('hello\nworld');
    expect((await deliver('<a>1</a>', 'text/xml')).body).toBe('<a>1</a>');
    expect((await deliver(new Uint8Array([0, 159, 146, 150]), 'application/octet-stream')).body).toBe('AJ+Slg==');
  });

  it('keeps method, query and selected headers, but never credentials', async () => {
    const res = await fetch(`${flow.url}?source=shop`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer secret',
        cookie: 'a=b',
        'x-shop-domain': 'shop.example',
      },
      body: '{}',
    });
    const e = await getEvent(t, (await res.json()).eventId);
    expect(e).toMatchObject({ method: 'PUT', query: { source: 'shop' } });
    expect(e.headers['x-shop-domain']).toBe('shop.example');
    expect(e.headers.authorization).toBeUndefined();
    expect(e.headers.cookie).toBeUndefined();
    expect(new Date(e.receivedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('prototype-pollution payloads are inert: stored without the dangerous keys, run without harm', async () => {
    const payload =
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"nested":{"__proto__":{"isAdmin":true}},"email":"eve@example.com"}';
    const e = await deliver(payload, 'application/json');
    expect(e.body).toEqual({ nested: {}, email: 'eve@example.com' });
    const form = await deliver(
      '__proto__[polluted]=yes&__proto__=x&email=eve%40example.com&constructor=builder',
      'application/x-www-form-urlencoded',
    );
    expect(form.body).toEqual({ '__proto__[polluted]': 'yes', email: 'eve@example.com', constructor: 'builder' });
    const q = await fetch(`${flow.url}?__proto__=x&constructor[prototype][polluted]=yes`);
    const qe = await getEvent(t, (await q.json()).eventId);
    expect(Object.keys(qe.query)).toEqual(['constructor[prototype][polluted]']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const run = await waitForFinishedRun(e.id);
    expect(run.status).toBe('succeeded');
  });

  it('refuses absurdly deep or wide JSON with 400', async () => {
    const deep = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '['.repeat(5000) + ']'.repeat(5000),
    });
    expect(deep.status).toBe(400);
    const wide = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array(50_000).fill(1)),
    });
    expect(wide.status).toBe(400);
  });
});
