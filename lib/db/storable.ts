// Every JSON value written to PostgreSQL passes through storable() first:
// step inputs and outputs, polled items. PostgreSQL's jsonb refuses NUL
// characters and lone UTF-16 surrogates (in keys as in values), JSON.stringify
// overflows the stack on deeply nested values, and an unbounded value costs
// memory in every process that reads it back. A value that could not be
// stored as it is comes back storable — characters replaced, what is too deep
// or too big cut — with a note saying so, so the step's outcome (or the poll)
// still counts and no side effect is repeated for want of a place to put it.
//
// The note is a top-level key `_storage: { cleaned, truncated, note }` on an
// object; any other value is wrapped as `{ _storage, value }`. storable() is
// idempotent: a storable value (including one it returned) comes back as the
// same reference, without a walk that allocates.

export const STORABLE_LIMITS = {
  /** Containers nested deeper than this are replaced by DEEP_MARKER. */
  depth: 64,
  /** Approximate JSON length (characters, unescaped) of the whole value, note included. */
  chars: 2_000_000,
} as const;

export const NOTE_KEY = '_storage';
export const DEEP_MARKER = '[nested too deep to store]';
/** Room kept for the note, so a value with its note still fits the limit. */
const NOTE_RESERVE = 600;

export type StorageNote = { cleaned: boolean; truncated: boolean; note: string };
export type StorableLimits = { depth: number; chars: number };

const suspicious = /[\u0000\ud800-\udfff]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const loneSurrogates = new RegExp(loneSurrogate.source, 'g');

/** True when PostgreSQL would refuse this string in jsonb or text. */
const badString = (s: string) => suspicious.test(s) && (s.includes('\u0000') || loneSurrogate.test(s));
/** NUL and lone surrogates become U+FFFD; everything else is kept. */
export const cleanText = (s: string) =>
  badString(s) ? s.replace(/\u0000/g, '\ufffd').replace(loneSurrogates, '\ufffd') : s;

const numberCost = (n: number) => (Number.isFinite(n) ? String(n).length : 4);

/**
 * Whether JSON.stringify of the value is accepted by jsonb and within the
 * limits (walks it once, allocates nothing per node). What JSON itself drops
 * or writes as null (undefined, functions, NaN) is fine.
 */
function isStorable(value: unknown, limits: StorableLimits, depth0: number): boolean {
  let used = 0;
  const ok = (v: unknown, depth: number, inArray: boolean): boolean => {
    switch (typeof v) {
      case 'string':
        used += v.length + 2;
        return used <= limits.chars && !badString(v);
      case 'number':
        used += numberCost(v);
        return true;
      case 'boolean':
        used += 5;
        return true;
      case 'bigint':
        return false; // JSON.stringify throws
      case 'object': {
        if (v === null) return ((used += 4), true);
        if (depth >= limits.depth || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
        used += 2;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            used += 1;
            if (!ok(v[i], depth + 1, true) || used > limits.chars) return false;
          }
          return used <= limits.chars;
        }
        for (const key of Object.keys(v)) {
          const item = (v as Record<string, unknown>)[key];
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
          used += key.length + 4;
          if (used > limits.chars || badString(key) || !ok(item, depth + 1, false)) return false;
        }
        return used <= limits.chars;
      }
      default:
        // undefined, function, symbol: left out of objects, null in arrays
        if (inArray) used += 4;
        return inArray;
    }
  };
  return ok(value, depth0, false);
}

type Report = { cleaned: boolean; cutDepth: boolean; cutSize: boolean };

/** A copy that is storable; `report` says what had to change. */
function copyStorable(value: unknown, limits: StorableLimits, depth0: number): { value: unknown; report: Report } {
  const report: Report = { cleaned: false, cutDepth: false, cutSize: false };
  // Room is kept for the note, so the copy with its note passes isStorable.
  const budget = limits.chars - NOTE_RESERVE;
  let used = 0;
  // Once the budget is spent nothing more is added, anywhere.
  let full = false;
  const text = (s: string): string | undefined => {
    const clean = cleanText(s);
    if (clean !== s) report.cleaned = true;
    if (used + clean.length + 2 <= budget) {
      used += clean.length + 2;
      return clean;
    }
    full = report.cutSize = true;
    const room = budget - used - 2;
    if (room < 1) return undefined;
    let cut = clean.slice(0, room);
    // Never leave half of a surrogate pair at the cut.
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    used += cut.length + 2;
    return cut;
  };
  /** undefined: leave the value out (no room, or nothing JSON would write). */
  const walk = (v: unknown, depth: number): unknown => {
    if (full) return undefined;
    switch (typeof v) {
      case 'string':
        return text(v);
      case 'number': {
        const n = Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null;
        return fits(n === null ? 4 : numberCost(n)) ? n : undefined;
      }
      case 'boolean':
        return fits(5) ? v : undefined;
      case 'bigint':
        report.cleaned = true;
        return text(String(v));
      case 'object':
        break;
      default:
        return undefined; // undefined, function, symbol: JSON leaves them out
    }
    if (v === null) return fits(4) ? null : undefined;
    let source: unknown = v;
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      source = toJSON.call(v);
      if (source === null || typeof source !== 'object') return walk(source, depth);
    }
    if (depth >= limits.depth) {
      report.cutDepth = true;
      return text(DEEP_MARKER);
    }
    if (!fits(2)) return undefined;
    if (Array.isArray(source)) {
      const out: unknown[] = [];
      for (let i = 0; i < source.length && !full; i++) {
        if (!fits(1)) break;
        const item = walk(source[i], depth + 1);
        if (item === undefined) {
          if (full) break;
          // A hole or a value JSON writes as null.
          if (!fits(4)) break;
          out.push(null);
        } else out.push(item);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const rawKey of Object.keys(source as object)) {
      if (full) break;
      const key = cleanText(rawKey);
      if (key !== rawKey) report.cleaned = true;
      // Two keys that differ only in a character cleaned away: the first wins.
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        report.cleaned = true;
        continue;
      }
      const raw = (source as Record<string, unknown>)[rawKey];
      if (raw === undefined || typeof raw === 'function' || typeof raw === 'symbol') continue;
      if (!fits(key.length + 4)) break;
      const item = walk(raw, depth + 1);
      if (item === undefined) continue;
      // defineProperty: a "__proto__" key stays data, as JSON.parse makes it.
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const fits = (n: number) => {
    if (used + n <= budget) {
      used += n;
      return true;
    }
    full = report.cutSize = true;
    return false;
  };
  const out = walk(value, depth0);
  return { value: out === undefined ? null : out, report };
}

function describe(report: Report, limits: StorableLimits): StorageNote {
  const parts: string[] = [];
  if (report.cleaned) parts.push('characters PostgreSQL cannot store (NUL, lone surrogates) replaced by U+FFFD');
  if (report.cutDepth) parts.push(`parts nested deeper than ${limits.depth} levels replaced by "${DEEP_MARKER}"`);
  if (report.cutSize) parts.push(`cut at about ${limits.chars.toLocaleString('en-US')} characters`);
  return {
    cleaned: report.cleaned,
    truncated: report.cutDepth || report.cutSize,
    note: `Stored with changes: ${parts.join('; ')}.`,
  };
}

// Objects found storable under the default limits, so the write boundary does
// not walk again what the engine already checked (nothing mutates them after).
const known = new WeakSet<object>();
const isKnown = (v: unknown, limits: StorableLimits) =>
  limits === STORABLE_LIMITS && v !== null && typeof v === 'object' && known.has(v);
function remember<T>(v: T, limits: StorableLimits): T {
  if (limits === STORABLE_LIMITS && v !== null && typeof v === 'object') known.add(v);
  return v;
}

const changed = (r: Report) => r.cleaned || r.cutDepth || r.cutSize;

/**
 * The value, storable in a PostgreSQL jsonb column: as it is when it already
 * is (same reference), otherwise a cleaned and/or truncated copy carrying
 * `_storage` (see the top of this file).
 */
export function storable(value: unknown, limits: StorableLimits = STORABLE_LIMITS): unknown {
  if (isKnown(value, limits)) return value;
  const isObject =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  // A wrapped value sits one level down, so it gets one level less.
  const depth0 = isObject ? 0 : 1;
  if (isStorable(value, limits, depth0)) return remember(value, limits);
  const { value: copy, report } = copyStorable(value, limits, depth0);
  if (!changed(report)) return copy;
  const note = describe(report, limits);
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
    Object.defineProperty(copy, NOTE_KEY, { value: note, enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return { [NOTE_KEY]: note, value: copy };
}

/**
 * For values that must keep their shape (a step's rendered config): the
 * storable copy and what changed, without a note added; null when the value
 * is storable as it is.
 */
export function storableReport(
  value: unknown,
  limits: StorableLimits = STORABLE_LIMITS,
): { value: unknown; note: StorageNote | null } | null {
  if (isKnown(value, limits) || isStorable(value, limits, 0)) {
    remember(value, limits);
    return null;
  }
  const { value: copy, report } = copyStorable(value, limits, 0);
  return { value: copy, note: changed(report) ? describe(report, limits) : null };
}

/** A text column's value: NUL and lone surrogates replaced, at most `max` characters. */
export function storableText(s: string, max = 4000): string {
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return cleanText(cut);
}
