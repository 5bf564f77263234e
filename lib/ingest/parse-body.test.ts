import { describe, expect, it } from 'vitest';
import { parseBody, parseQuery } from './parse-body';

const parse = (text: string | Buffer, type?: string) =>
  parseBody(Buffer.isBuffer(text) ? text : Buffer.from(text), type);

describe('parseBody', () => {
  it('parses JSON, including +json types', async () => {
    expect(await parse('{"a":[1,{"b":true}]}', 'application/json; charset=utf-8')).toEqual({
      ok: true,
      body: { a: [1, { b: true }] },
    });
    expect(await parse('{"a":1}', 'application/vnd.api+json')).toEqual({ ok: true, body: { a: 1 } });
  });
  it('refuses malformed JSON', async () => {
    expect(await parse('{nope', 'application/json')).toMatchObject({ ok: false });
  });
  it('drops __proto__ and constructor objects so nothing can be polluted', async () => {
    const r = await parse(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"a":{"__proto__":{"x":1}},"name":"ok"}',
      'application/json',
    );
    expect(r).toEqual({ ok: true, body: { a: {}, name: 'ok' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const body = (r as { body: Record<string, unknown> }).body;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(await parse('a=1&__proto__=x&constructor=builder', 'application/x-www-form-urlencoded')).toEqual({
      ok: true,
      body: { a: '1', constructor: 'builder' },
    });
  });
  it('bounds depth and field count', async () => {
    expect(await parse('['.repeat(100) + ']'.repeat(100), 'application/json')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('nested'),
    });
    expect(await parse(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)), 'application/json')).toMatchObject({
      ok: false,
    });
  });
  it('parses form-urlencoded; repeated names become arrays', async () => {
    expect(await parse('name=Ada+L&tag=a&tag=b', 'application/x-www-form-urlencoded')).toEqual({
      ok: true,
      body: { name: 'Ada L', tag: ['a', 'b'] },
    });
  });
  it('parses multipart fields and records files as name/type/size', async () => {
    const raw = [
      '--XyZ',
      'Content-Disposition: form-data; name="email"',
      '',
      'ada@example.com',
      '--XyZ',
      'Content-Disposition: form-data; name="cv"; filename="cv.pdf"',
      'Content-Type: application/pdf',
      '',
      '%PDF-1.4 hello',
      '--XyZ--',
      '',
    ].join('\r\n');
    expect(await parse(raw, 'multipart/form-data; boundary=XyZ')).toEqual({
      ok: true,
      body: { email: 'ada@example.com', cv: { filename: 'cv.pdf', type: 'application/pdf', size: 14 } },
    });
    expect(await parse('garbage', 'multipart/form-data; boundary=XyZ')).toMatchObject({ ok: false });
  });
  it('keeps text as a string and anything else as base64', async () => {
    expect(await parse('hello', 'text/plain')).toEqual({ ok: true, body: 'hello' });
    expect(await parse(Buffer.from([0, 1, 2, 255]), 'application/octet-stream')).toEqual({
      ok: true,
      body: 'AAEC/w==',
    });
  });
  it('makes strings storable in jsonb (no NUL, no lone surrogates)', async () => {
    expect(await parse('{"a":"x\\u0000y","b":"\\ud800"}', 'application/json')).toEqual({
      ok: true,
      body: { a: 'x\ufffdy', b: '\ufffd' },
    });
  });
  it('treats an empty body as null', async () => {
    expect(await parse('', 'application/json')).toEqual({ ok: true, body: null });
  });
});

describe('parseQuery', () => {
  it('returns an object with arrays for repeated names', () => {
    expect(parseQuery('a=1&b=2&b=3&__proto__=x')).toEqual({ a: '1', b: ['2', '3'] });
  });
});
