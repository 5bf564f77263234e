import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEEP_MARKER,
  NOTE_KEY,
  STORABLE_LIMITS,
  storable,
  storableReport,
  storableText,
  type StorableLimits,
} from './storable';

// Any JSON-ish value — deep nesting, NUL and lone surrogates in keys and
// values, numbers JSON cannot write — comes out of storable() as something
// JSON.stringify writes and PostgreSQL's jsonb accepts, within the limits,
// and storable() of that is the same value.

const awkward = fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d\ude00', '\ud83d', '\ude00', '"', '\\', '<', 'é');
const messy = fc.array(fc.oneof(fc.string({ maxLength: 6 }), awkward), { maxLength: 6 }).map((parts) => parts.join(''));
const long = fc.array(messy, { maxLength: 300 }).map((parts) => parts.join(''));
const leaf = fc.oneof(
  messy,
  long,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(NaN, Infinity, -0),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(messy, tie('value'), { maxKeys: 5 }),
})).value;
/** A value wrapped in `levels` arrays or objects: nesting far beyond the limit. */
const deep = fc.tuple(tree, fc.integer({ min: 0, max: 300 }), fc.boolean()).map(([inner, levels, asObject]) => {
  let v: unknown = inner;
  for (let i = 0; i < levels; i++) v = asObject ? { ['k\u0000' + (i % 3)]: v } : [v];
  return v;
});
const anyValue = fc.oneof(tree, deep);
const small: StorableLimits = { depth: 8, chars: 1_500 };

const isBad = (s: string) => /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
/** Depth of containers (0 for a scalar), strings/keys PostgreSQL refuses, approximate unescaped JSON length. */
function measure(v: unknown): { depth: number; bad: boolean; size: number } {
  if (typeof v === 'string') return { depth: 0, bad: isBad(v), size: v.length + 2 };
  if (v === null || typeof v !== 'object') return { depth: 0, bad: false, size: String(v).length };
  const entries = Array.isArray(v) ? v.map((x) => ['', x] as const) : Object.entries(v);
  let depth = 0;
  let bad = false;
  let size = 2;
  for (const [k, x] of entries) {
    const m = measure(x);
    depth = Math.max(depth, m.depth);
    bad ||= m.bad || isBad(k);
    size += m.size + 1 + (Array.isArray(v) ? 0 : k.length + 3);
  }
  return { depth: depth + 1, bad, size };
}

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('storable', () => {
  it('gives a value JSON can write, without NUL or lone surrogates, within depth and size, whatever it gets', () => {
    for (const limits of [small, STORABLE_LIMITS]) {
      fc.assert(
        fc.property(anyValue, (value) => {
          const out = storable(value, limits);
          const text = JSON.stringify(out);
          expect(typeof text).toBe('string');
          const m = measure(JSON.parse(text));
          expect(m.bad).toBe(false);
          expect(m.depth).toBeLessThanOrEqual(limits.depth);
          expect(m.size).toBeLessThanOrEqual(limits.chars);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('is idempotent: a storable value comes back as it is (same reference), also after a trip through JSON', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const out = storable(value, small);
        expect(storable(out, small)).toBe(out);
        const stored = roundTrip(out);
        expect(storable(stored, small)).toBe(stored);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves clean values alone and notes every change it makes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const clean = roundTrip(value); // -0 → 0, as the database gives it back
        fc.pre(!measure(clean).bad);
        expect(storable(clean)).toBe(clean);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(anyValue, (value) => {
        const out = storable(value, small) as Record<string, unknown> | null;
        const changed = JSON.stringify(out) !== JSON.stringify(value);
        // A change is always noted (JSON's own dropping of undefined and NaN aside).
        if (changed && out && typeof out === 'object' && !(NOTE_KEY in out)) {
          expect(JSON.stringify(roundTrip(value))).toBe(JSON.stringify(out));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('cuts a 6,000-level nesting and says so', () => {
    let v: unknown = 'bottom';
    for (let i = 0; i < 6000; i++) v = [v];
    expect(() => JSON.stringify(v)).toThrow(RangeError);
    const out = storable({ status: 200, body: v }) as {
      status: number;
      body: unknown;
      _storage: { truncated: boolean; note: string };
    };
    expect(out.status).toBe(200);
    expect(out._storage.truncated).toBe(true);
    expect(out._storage.note).toContain('nested deeper than 64 levels');
    expect(measure(roundTrip(out)).depth).toBe(STORABLE_LIMITS.depth);
    expect(JSON.stringify(out)).toContain(DEEP_MARKER);
  });

  it('cleans NUL and lone surrogates in keys and values, keeping the rest', () => {
    const out = storable({ 'a\u0000b': 'x\ud800y', ok: 'fine', __proto__x: 1 });
    expect(out).toEqual({
      'a\ufffdb': 'x\ufffdy',
      ok: 'fine',
      __proto__x: 1,
      _storage: expect.objectContaining({ cleaned: true, truncated: false }),
    });
    const wrapped = storable(['\u0000']);
    expect(wrapped).toEqual({ _storage: expect.objectContaining({ cleaned: true }), value: ['\ufffd'] });
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "k\\u0000": 1}');
    const out = storable(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toContain('"__proto__":{"polluted":true}');
  });

  it('reports changes without a note for values that must keep their shape', () => {
    expect(storableReport({ a: 'ok' })).toBeNull();
    const r = storableReport({ a: 'b\u0000' });
    expect(r?.value).toEqual({ a: 'b\ufffd' });
    expect(r?.note).toMatchObject({ cleaned: true, truncated: false });
  });

  it('makes text columns storable and bounded', () => {
    expect(storableText('a\u0000b\udc00')).toBe('a\ufffdb\ufffd');
    expect(storableText('x'.repeat(10_000), 100)).toHaveLength(100);
  });
});

// The same property against the real thing, when a database is at hand (npm test).
describe.runIf(!!process.env.DATABASE_URL)('storable values in PostgreSQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('are accepted by jsonb, and come back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const out = storable(value, small);
        const { rows } = await client.query<{ v: unknown }>('SELECT $1::jsonb AS v', [JSON.stringify(out)]);
        expect(storable(rows[0]!.v, small)).toBe(rows[0]!.v);
        expect(rows[0]!.v).toEqual(roundTrip(out));
      }),
      { numRuns: 200 },
    );
  });
});
