// Untrusted data from webhooks ends up in templates, step inputs and the
// editor. These helpers make sure it cannot reach an object's prototype (a
// `__proto__` key, or `constructor.prototype` for code that merges deeply) and
// that its size stays bounded, so one request cannot make later work explode.

export const LIMITS = { depth: 32, fields: 10_000 } as const;

export class TooComplexError extends Error {}

// PostgreSQL's jsonb refuses NUL characters and lone UTF-16 surrogates; both
// are replaced so that any request that parses can also be stored.
const needsCleaning = /[\u0000\ud800-\udfff]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export function cleanString(s: string): string {
  return needsCleaning.test(s) ? s.replace(/\u0000/g, '\ufffd').replace(loneSurrogate, '\ufffd') : s;
}

/** Keys that must never be copied onto an object as data. */
export function isUnsafeKey(key: string, value?: unknown): boolean {
  if (key === '__proto__') return true;
  // A string called "constructor" is ordinary data; an object there is the
  // `constructor.prototype` pollution pattern.
  return key === 'constructor' && typeof value === 'object' && value !== null;
}

/**
 * A copy of a JSON value without unsafe keys, refusing values nested deeper
 * than LIMITS.depth or holding more than LIMITS.fields keys and items in all.
 */
export function sanitizeJson(value: unknown): unknown {
  let fields = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return cleanString(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= LIMITS.depth) throw new TooComplexError(`nested deeper than ${LIMITS.depth} levels`);
    if (Array.isArray(v)) {
      fields += v.length;
      if (fields > LIMITS.fields) throw new TooComplexError(`more than ${LIMITS.fields} fields`);
      return v.map((item) => walk(item, depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      if (isUnsafeKey(key, item)) continue;
      fields += 1;
      if (fields > LIMITS.fields) throw new TooComplexError(`more than ${LIMITS.fields} fields`);
      out[cleanString(key)] = walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** Collects name/value pairs into an object; a repeated name becomes an array. */
export function pairsToObject(pairs: Iterable<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let fields = 0;
  for (const [rawKey, rawValue] of pairs) {
    const key = cleanString(rawKey);
    const value = typeof rawValue === 'string' ? cleanString(rawValue) : rawValue;
    if (isUnsafeKey(key)) continue;
    if (++fields > LIMITS.fields) throw new TooComplexError(`more than ${LIMITS.fields} fields`);
    if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
    else if (Array.isArray(out[key])) (out[key] as unknown[]).push(value);
    else out[key] = [out[key], value];
  }
  return out;
}
