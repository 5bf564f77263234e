import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';

// Any bytes under any Content-Type: parseBody answers, as a value, either a
// body that can be stored as JSON or a reason for a 400 — it never throws,
// which would turn a hostile request into a 500.

const mediaTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=XyZ',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary="a b"',
  'text/plain',
  'text/html; charset=latin1',
  'application/octet-stream',
  '',
);
const contentType = fc.oneof(mediaTypes, fc.string(), fc.constant(null), fc.constant(undefined));

/** Text with what PostgreSQL's jsonb refuses (NUL, lone surrogates) mixed in often. */
const nasty = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom('\u0000', '\ud800', '\udfff', '"', '\\', '\r\n'),
    ),
    {
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));

/** multipart/form-data with boundary XyZ: fields and files whose names and types are nasty. */
const multipart = fc
  .array(fc.tuple(nasty, nasty, fc.option(nasty), fc.option(nasty)), { maxLength: 4 })
  .map((parts) =>
    Buffer.from(
      parts
        .map(([name, value, filename, type]) =>
          [
            '--XyZ',
            `Content-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}`,
            ...(type === null ? [] : [`Content-Type: ${type}`]),
            '',
            value,
          ].join('\r\n'),
        )
        .join('\r\n') + '\r\n--XyZ--\r\n',
    ),
  );

/** Bytes that look a little like each format, so the parsers get past their first check. */
const shaped = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 256 }).map((s) => Buffer.from(s)),
  fc.json({ maxDepth: 6 }).map((s) => Buffer.from(s)),
  fc.dictionary(nasty, nasty, { maxKeys: 4 }).map((o) => Buffer.from(JSON.stringify(o))),
  nasty.map((s) => Buffer.from(s)),
  fc
    .array(fc.tuple(nasty, nasty), { maxLength: 8 })
    .map((pairs) => Buffer.from(pairs.map(([k, v]) => `${k}=${v}`).join('&'))),
  multipart,
);

// PostgreSQL's jsonb refuses NUL characters and lone UTF-16 surrogates.
const BAD = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The strings (keys included) in a parsed body that PostgreSQL could not store. */
function unstorable(v: unknown): string[] {
  if (typeof v === 'string') return BAD.test(v) ? [v] : [];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, item]) => [...(BAD.test(k) ? [k] : []), ...unstorable(item)]);
}

async function check(raw: Buffer, type: string | null | undefined) {
  const result = await parseBody(raw, type);
  if (result.ok) {
    expect(typeof JSON.stringify(result.body ?? null)).toBe('string');
    expect(unstorable(result.body)).toEqual([]);
  } else {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.length).toBeGreaterThan(0);
  }
}

describe('parseBody on arbitrary input', () => {
  it('parses or gives a reason; never throws; what parses can be stored as JSON', async () => {
    await fc.assert(fc.asyncProperty(shaped, contentType, check), { numRuns: 1500 });
  });

  it('multipart fields and files with hostile names and types', async () => {
    await fc.assert(
      fc.asyncProperty(multipart, (raw) => check(raw, 'multipart/form-data; boundary=XyZ')),
      { numRuns: 500 },
    );
  });

  it('deep or wide JSON is a reason, not a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('[', '{"a":'), async (depth, open) => {
        const close = open === '[' ? ']' : '}';
        await check(Buffer.from(open.repeat(depth) + '1' + close.repeat(depth)), 'application/json');
      }),
      { numRuns: 100 },
    );
  });
});
