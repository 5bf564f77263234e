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

/** Flattens a value into picker rows, depth-first, at most `maxDepth` levels and 50 keys per object. */
export function flatten(value: unknown, base: string, depth = 0, maxDepth = 4): Variable[] {
  const rows: Variable[] = [];
  if (value === null || typeof value !== 'object' || depth >= maxDepth) return rows;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, 1).map((v, i) => [i, v])
    : Object.entries(value).slice(0, 50);
  for (const [key, child] of entries) {
    const path = joinPath(base, key);
    const isGroup = child !== null && typeof child === 'object';
    rows.push({ path, name: typeof key === 'number' ? `[${key}]` : key, depth, sample: preview(child), isGroup });
    if (isGroup) rows.push(...flatten(child, path, depth + 1, maxDepth));
  }
  return rows;
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
): VariableGroup[] {
  const groups: VariableGroup[] = [];
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
