import type { SourceFieldValue } from '../define';

// Shared by the sources' `fields` readers: bodies are untrusted, so every
// reader is bounded (fields, list items, characters) and never throws on an
// unexpected shape — a field it cannot read is left out.

export const MAX_FIELDS = 200;
export const MAX_LIST = 100;
export const MAX_TEXT = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export { isObject };

/** A scalar as text; null for objects, lists, null and undefined. */
export function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return null;
}

/** Any answer as a field value: a list of its scalars, or a composite's parts joined by a space. */
export function fieldValue(v: unknown): SourceFieldValue | null {
  const s = scalarText(v);
  if (s !== null) return s;
  if (Array.isArray(v)) {
    const items = v
      .slice(0, MAX_LIST)
      .map((x) => scalarText(x) ?? joinParts(x))
      .filter((x): x is string => !!x);
    return items;
  }
  if (isObject(v)) return joinParts(v);
  return null;
}

/** A composite answer (Jotform's name {first, last}, an address) as its non-empty parts joined by a space. */
export function joinParts(v: unknown): string | null {
  if (!isObject(v)) return null;
  const parts = Object.values(v)
    .slice(0, 20)
    .map(scalarText)
    .filter((x): x is string => !!x && x.trim() !== '');
  return parts.length ? parts.join(' ').slice(0, MAX_TEXT) : null;
}

/** Collects fields by label: the first answer under a label wins, at most MAX_FIELDS. */
export class FieldBag {
  private readonly map = new Map<string, SourceFieldValue>();
  add(label: unknown, value: SourceFieldValue | null | undefined) {
    if (typeof label !== 'string' || value === null || value === undefined) return;
    const key = label.trim().slice(0, 200);
    if (!key || this.map.has(key) || this.map.size >= MAX_FIELDS) return;
    this.map.set(key, value);
  }
  result(): Record<string, SourceFieldValue> {
    return Object.fromEntries(this.map);
  }
}

/** The scalars of an object and of its objects one level down (`customer.email`): the flat, useful parts of an event. */
export function flatScalars(v: unknown, bag: FieldBag, prefix = '', depth = 0) {
  if (!isObject(v)) return;
  for (const [k, child] of Object.entries(v).slice(0, MAX_FIELDS)) {
    const label = prefix ? `${prefix}.${k}` : k;
    const s = scalarText(child);
    if (s !== null) bag.add(label, s);
    else if (depth < 1 && isObject(child)) flatScalars(child, bag, label, depth + 1);
  }
}

/** Reads "a.b.0.c", own properties only. */
export function at(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
