import type { SourceContact, SourceFieldValue } from '../define';

// `trigger.email` and `trigger.name` (DESIGN.md "Sources", README "Who sent
// it"): the person behind a form submission, so a template can say
// `{{ trigger.email }}` without knowing how the form's questions are worded.
// The sender's own answer type wins (Typeform's `email`, Tally's
// `INPUT_EMAIL`, Jotform's full-name `{first, last}`); otherwise the labels
// decide ("Email", "Your e-mail address", "Full name", "First name" + "Last
// name"), and an email address is taken from any answer that looks like one.

/** One answer as a source reads it: its label, value and, when the sender says so, what it is. */
export type ContactHint = { label: string; value: SourceFieldValue | null | undefined; kind?: 'email' | 'name' };

const MAX_HINTS = 200;
const MAX_NAME = 200;

const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;
/** Length first: EMAIL backtracks quadratically on a long run of dots, and values come from webhooks. */
const looksLikeEmail = (value: string) => value.length <= 320 && EMAIL.test(value);

/** "fullName", "first_name", "E-mail" → "full name", "first name", "e mail" (words, lower case). */
const words = (label: string) =>
  label
    .slice(0, 200)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();

const FIRST = /\b(first|given|fore) ?name\b|^first$/;
const LAST = /\b(last|family|sur) ?name\b|^(last|surname)$/;
// "Company name", "Username", "File name": a name, but not the person's.
const NOT_PERSON =
  /\b(company|business|organi[sz]ation|org|user|file|domain|product|pet|team|project|event|brand|site|store|shop|middle|nick|display|account|street|city|baby|child|kid|partner)s? ?name\b|\busername\b/;
const NAME = /\bname\b|\bfullname\b/;

const text = (v: SourceFieldValue | null | undefined) => (typeof v === 'string' ? v.trim() : '');

function pickEmail(hints: ContactHint[]): string | undefined {
  const ok = (h: ContactHint) => looksLikeEmail(text(h.value));
  const found =
    hints.find((h) => h.kind === 'email' && ok(h)) ??
    hints.find((h) => /\be ?mail\b/.test(words(h.label)) && ok(h)) ??
    hints.find(ok);
  return found ? text(found.value) : undefined;
}

function pickName(hints: ContactHint[]): string | undefined {
  const filled = hints.filter((h) => text(h.value) !== '' && !looksLikeEmail(text(h.value)));
  const typed = filled.find((h) => h.kind === 'name');
  if (typed) return text(typed.value).slice(0, MAX_NAME);
  const labelled = filled.map((h) => ({ h, w: words(h.label) }));
  const full = labelled.find(({ w }) => NAME.test(w) && !FIRST.test(w) && !LAST.test(w) && !NOT_PERSON.test(w));
  if (full) return text(full.h.value).slice(0, MAX_NAME);
  const first = labelled.find(({ w }) => FIRST.test(w));
  const last = labelled.find(({ w }) => LAST.test(w));
  const joined = [first, last].map((x) => (x ? text(x.h.value) : '')).filter(Boolean);
  return joined.length ? joined.join(' ').slice(0, MAX_NAME) : undefined;
}

/** The email address and name among a submission's answers; each left out when nothing fits. */
export function guessContact(hints: ContactHint[]): SourceContact {
  const bounded = hints.slice(0, MAX_HINTS);
  const email = pickEmail(bounded);
  const name = pickName(bounded);
  return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

/** Hints from `trigger.fields` (label → value), for sources whose sender does not type its answers. */
export const hintsFromFields = (fields: Record<string, SourceFieldValue> | null | undefined): ContactHint[] =>
  Object.entries(fields ?? {}).map(([label, value]) => ({ label, value }));
