import { stepCatalog } from '@/lib/integrations/registry';
import type { ApiErrorDetail } from '@/lib/api/client';
import { formFields, humanize, type ObjectField } from '@/lib/integrations/schema-fields';

// What a failed publish reports, arranged for the editor: on each node (a
// badge and its list), next to each field of the step's panel, and as one list
// of everything. The server sends `{nodeId, field, message}` per problem.

export type Problem = { nodeId?: string; field?: string; message: string };

export type Issues = {
  list: Problem[];
  /** Messages per node, for the node's badge and list (field named where it helps). */
  byNode: Record<string, string[]>;
  /** Per node, the message for each field path and each enclosing path ("headers" for "headers.X-Key"). */
  fields: Record<string, Record<string, string>>;
  /** Per node, the messages that belong to no one field ("not connected to the trigger"). */
  nodeOnly: Record<string, string[]>;
  /** Problems of the whole flow (no node). */
  general: string[];
};

const configField = /^graph\.nodes\.\d+\.config\.(.+)$/;

export function problemsFrom(details: ApiErrorDetail[]): Problem[] {
  return details.map((d) => {
    const field = d.field ?? (d.nodeId ? configField.exec(d.path)?.[1] : undefined);
    return { ...(d.nodeId ? { nodeId: d.nodeId } : {}), ...(field ? { field } : {}), message: d.message };
  });
}

/** The field's label as the step's form shows it ("To", "Conditions #1 › Value", "Headers › X-Key"). */
export function fieldLabel(type: string | undefined, field: string): string {
  const def = type ? stepCatalog[type] : undefined;
  let fields: ObjectField[] | null = def ? formFields(def.schema) : null;
  const parts: string[] = [];
  for (const seg of field.split('.')) {
    if (/^\d+$/.test(seg)) {
      parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''} #${Number(seg) + 1}`;
      continue;
    }
    const f: ObjectField | undefined = fields?.find((x) => x.key === seg);
    parts.push(f?.label ?? (fields ? humanize(seg) : seg));
    const spec = f?.spec.kind === 'list' ? f.spec.item : f?.spec;
    fields = spec?.kind === 'object' ? spec.fields : null;
  }
  return parts.join(' › ');
}

/** "To: To is required" reads badly: the label is left out when the message starts with it. */
export function withLabel(label: string, message: string): string {
  return message.toLowerCase().startsWith(label.toLowerCase()) ? message : `${label}: ${message}`;
}

/** `types`: each node's step type by id, for the fields' labels. */
export function arrange(problems: Problem[], types: Record<string, string>): Issues {
  const issues: Issues = { list: problems, byNode: {}, fields: {}, nodeOnly: {}, general: [] };
  for (const p of problems) {
    if (!p.nodeId) {
      issues.general.push(p.message);
      continue;
    }
    const label = p.field ? fieldLabel(types[p.nodeId], p.field) : null;
    (issues.byNode[p.nodeId] ??= []).push(label ? withLabel(label, p.message) : p.message);
    if (!p.field) {
      (issues.nodeOnly[p.nodeId] ??= []).push(p.message);
      continue;
    }
    const fields = (issues.fields[p.nodeId] ??= {});
    // The form draws some fields as one control (a header list, a JSON body): each enclosing path gets it too.
    const segs = p.field.split('.');
    for (let i = segs.length; i > 0; i--) fields[segs.slice(0, i).join('.')] ??= p.message;
  }
  return issues;
}

/** Problems left after the person edits `keys` of a node's config (theirs are gone until the next publish). */
export function withoutEdited(problems: Problem[], nodeId: string, keys: string[] | 'all'): Problem[] {
  return problems.filter(
    (p) => p.nodeId !== nodeId || (keys !== 'all' && (!p.field || !keys.includes(p.field.split('.')[0]!))),
  );
}

/** The top-level config keys whose values differ. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
