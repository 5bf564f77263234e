// The variable picker's data: every value a template can reach, built from the
// flow's sample event and earlier steps' outputs, with a sample value each.

export type Variable = {
  /** Liquid path, e.g. `trigger.body.email` or `steps.lead["contact id"]`. */
  path: string;
  /** The last key, shown in the list (`email`). */
  name: string;
  /** Indentation level under its group. */
  depth: number;
  /** A short preview of the sample value. */
  sample: string;
  /** Objects and arrays can be expanded; their own path inserts the whole value. */
  isGroup: boolean;
  /**
   * What a person calls it, when the data says so: a list item's own `label`, `title` or `name`
   * (Tally's fields), or the question a Typeform answer points at. Searched and shown beside the name.
   */
  label?: string;
};

export type VariableGroup = { title: string; variables: Variable[] };

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return identifier.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export const insertion = (path: string) => `{{ ${path} }}`;

export function preview(value: unknown, max = 60): string {
  let text: string;
  if (value === null || value === undefined) text = String(value);
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (Array.isArray(value)) text = `list of ${value.length}`;
  else if (typeof value === 'object')
    text = `{${Object.keys(value).slice(0, 4).join(', ')}${Object.keys(value).length > 4 ? ', …' : ''}}`;
  else text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Most rows one group lists; every item of a list is listed until then. */
export const MAX_ROWS = 2000;
const MAX_ITEMS = 100;

type Labeller = (item: unknown) => string | undefined;

/** A list item's own label: `label`, `title` or `name` when it is a short string. */
const ownLabel: Labeller = (item) => {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  for (const k of ['label', 'title', 'name']) {
    const v = (item as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() && v.length <= 200) return v;
  }
  return undefined;
};

/** Typeform: an answer names its question by `field.id`/`field.ref`; the title is in `definition.fields[]`. */
function questionTitles(root: unknown): Labeller {
  const defs = (root as { form_response?: { definition?: { fields?: unknown } } } | null)?.form_response?.definition
    ?.fields;
  const titles = new Map<string, string>();
  if (Array.isArray(defs)) {
    for (const d of defs.slice(0, 500)) {
      if (!d || typeof d !== 'object') continue;
      const { id, ref, title } = d as Record<string, unknown>;
      if (typeof title !== 'string') continue;
      if (typeof id === 'string') titles.set(id, title);
      if (typeof ref === 'string') titles.set(ref, title);
    }
  }
  return (item) => {
    const own = ownLabel(item);
    if (own || !titles.size || !item || typeof item !== 'object') return own;
    const field = (item as { field?: { id?: unknown; ref?: unknown } }).field;
    return titles.get(String(field?.id)) ?? titles.get(String(field?.ref));
  };
}

/**
 * Flattens a value into picker rows, depth-first: every key (up to 50 per object) and every item
 * of a list (up to 100), at most `maxDepth` levels and MAX_ROWS rows. A list item with a label of
 * its own (or a Typeform answer's question) carries it, and so do the rows inside it.
 */
export function flatten(value: unknown, base: string, depth = 0, maxDepth = 4, labelOf?: Labeller): Variable[] {
  const rows: Variable[] = [];
  walk(value, base, depth, maxDepth, labelOf ?? questionTitles(value), undefined, rows);
  return rows;
}

function walk(
  value: unknown,
  base: string,
  depth: number,
  maxDepth: number,
  labelOf: Labeller,
  inherited: string | undefined,
  rows: Variable[],
) {
  if (value === null || typeof value !== 'object' || depth >= maxDepth) return;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, MAX_ITEMS).map((v, i) => [i, v])
    : Object.entries(value).slice(0, 50);
  for (const [key, child] of entries) {
    if (rows.length >= MAX_ROWS) return;
    const path = joinPath(base, key);
    const isGroup = child !== null && typeof child === 'object';
    const label = (typeof key === 'number' ? labelOf(child) : undefined) ?? inherited;
    rows.push({
      path,
      name: typeof key === 'number' ? `[${key}]` : key,
      depth,
      sample: preview(child),
      isGroup,
      ...(label ? { label } : {}),
    });
    if (isGroup) walk(child, path, depth + 1, maxDepth, labelOf, label, rows);
  }
}

/**
 * The groups narrowed to rows matching a search. A row whose label (a form question) is shared by a
 * matching row matches too, so searching "email" finds the answer in "form answers" when the raw
 * answer under that question is `answers[1].email` or has type `INPUT_EMAIL`.
 */
export function filterGroups(groups: VariableGroup[], query: string): VariableGroup[] {
  if (!query.trim()) return groups;
  const labels = new Set<string>();
  for (const g of groups) for (const v of g.variables) if (v.label && matches(v, query)) labels.add(v.label);
  return groups
    .map((g) => ({
      ...g,
      variables: g.variables.filter((v) => matches(v, query) || (!!v.label && labels.has(v.label))),
    }))
    .filter((g) => g.variables.length);
}

/** Whether a row matches a search: its path (so its name), its label or its sample value. */
export function matches(v: Variable, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return v.path.toLowerCase().includes(q) || v.sample.toLowerCase().includes(q) || !!v.label?.toLowerCase().includes(q);
}

export type SampleEvent = {
  method?: string | null;
  headers?: unknown;
  query?: unknown;
  body?: unknown;
  receivedAt?: string;
};

export function variableGroups(
  sample: SampleEvent | null,
  stepOutputs: { nodeId: string; label: string; output: unknown }[],
  /** `trigger.fields` of the sample, when the trigger names a form source. */
  fields?: Record<string, string | string[]>,
  /** `trigger.email` / `trigger.name` of the sample (lib/integrations/webhook/contact-guess.ts). */
  contact?: { email?: string; name?: string },
): VariableGroup[] {
  const groups: VariableGroup[] = [];
  const person = (['email', 'name'] as const).filter((k) => sample && contact?.[k] !== undefined);
  if (person.length) {
    groups.push({
      title: 'Trigger → sender',
      variables: person.map((k) => ({
        path: `trigger.${k}`,
        name: k,
        label: k === 'email' ? 'Sender’s email address' : 'Sender’s name',
        depth: 0,
        sample: preview(contact![k]),
        isGroup: false,
      })),
    });
  }
  if (sample && fields && Object.keys(fields).length) {
    groups.push({
      title: 'Trigger → form answers',
      variables: Object.entries(fields).map(([label, value]) => ({
        path: joinPath('trigger.fields', label),
        name: label,
        label,
        depth: 0,
        sample: preview(value),
        isGroup: false,
      })),
    });
  }
  if (sample) {
    groups.push({ title: 'Trigger → body', variables: flatten(sample.body ?? {}, 'trigger.body') });
    if (sample.query && Object.keys(sample.query as object).length) {
      groups.push({ title: 'Trigger → query', variables: flatten(sample.query, 'trigger.query') });
    }
    groups.push({
      title: 'Trigger → request',
      variables: [
        { path: 'trigger.method', name: 'method', depth: 0, sample: preview(sample.method ?? ''), isGroup: false },
        {
          path: 'trigger.receivedAt',
          name: 'receivedAt',
          depth: 0,
          sample: preview(sample.receivedAt ?? ''),
          isGroup: false,
        },
        ...flatten(sample.headers ?? {}, 'trigger.headers').map((v) => ({ ...v })),
      ],
    });
  }
  for (const step of stepOutputs) {
    const base = joinPath('steps', step.nodeId);
    const rows =
      step.output !== null && typeof step.output === 'object'
        ? flatten(step.output, base)
        : [{ path: base, name: step.nodeId, depth: 0, sample: preview(step.output), isGroup: false }];
    groups.push({ title: `${step.label} → output`, variables: rows });
  }
  return groups;
}

/** Inserts text at the caret (replacing a selection) and says where the caret goes next. */
export function insertAt(value: string, text: string, start: number | null, end: number | null) {
  const s = start ?? value.length;
  const e = end ?? s;
  return { value: value.slice(0, s) + text + value.slice(e), caret: s + text.length };
}
