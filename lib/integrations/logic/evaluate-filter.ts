import type { z } from 'zod';
import type { filterConfig } from './filter';
import { MAX_EMAIL_LENGTH } from '../../steps/is-email';

// The `filter` step, evaluated by the engine on its rendered config. Text
// comparisons ignore case and surrounding spaces (form input is messy); numbers
// compare as numbers when both sides are numeric.

type FilterConfig = z.output<typeof filterConfig>;
type Condition = FilterConfig['conditions'][number];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Longer text is no address; bounding it first keeps the regex's backtracking small. */
const looksLikeEmail = (s: string) => s.length <= MAX_EMAIL_LENGTH && EMAIL_RE.test(s);

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};
const norm = (v: unknown) => text(v).trim().toLowerCase();
const num = (v: unknown): number | undefined => {
  const s = text(v).trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) ? v.length === 0 : typeof v === 'object' ? Object.keys(v).length === 0 : text(v).trim() === '');

export function evaluateCondition(c: Condition): boolean {
  const { left, right } = c as { left: unknown; right?: unknown };
  switch (c.op) {
    case 'equals':
    case 'notEquals': {
      const a = num(left);
      const b = num(right);
      const same = a !== undefined && b !== undefined ? a === b : norm(left) === norm(right);
      return c.op === 'equals' ? same : !same;
    }
    case 'contains':
    case 'notContains': {
      const has = Array.isArray(left) ? left.some((x) => norm(x) === norm(right)) : norm(left).includes(norm(right));
      return c.op === 'contains' ? has : !has;
    }
    case 'startsWith':
      return norm(left).startsWith(norm(right));
    case 'endsWith':
      return norm(left).endsWith(norm(right));
    case 'greaterThan':
    case 'lessThan': {
      const a = num(left);
      const b = num(right);
      if (a === undefined || b === undefined) return false;
      return c.op === 'greaterThan' ? a > b : a < b;
    }
    case 'isEmpty':
      return isEmpty(left);
    case 'isNotEmpty':
      return !isEmpty(left);
    case 'isEmail':
      return looksLikeEmail(text(left).trim());
  }
}

export function evaluateFilter(config: FilterConfig): { passed: boolean } {
  const results = config.conditions.map(evaluateCondition);
  return { passed: config.match === 'any' ? results.some(Boolean) : results.every(Boolean) };
}
