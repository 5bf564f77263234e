import type { FlowGraph, FlowNode } from './graph';

// What changed between two flow graphs, for the Versions page: steps added
// and removed, fields changed in the steps both have (dotted paths such as
// "config.url"), and connections between steps. A step's position on the
// canvas is layout, not behaviour, and is left out.

export type StepRef = { id: string; type: string; label?: string };
export type FieldChange = { path: string; before: unknown; after: unknown };
export type StepChange = StepRef & { fields: FieldChange[] };
export type EdgeRef = { source: string; target: string };

export type GraphDiff = {
  added: StepRef[];
  removed: StepRef[];
  changed: StepChange[];
  edgesAdded: EdgeRef[];
  edgesRemoved: EdgeRef[];
};

const ref = (n: FlowNode): StepRef => ({
  id: n.id,
  type: n.type,
  ...(n.label !== undefined ? { label: n.label } : {}),
});

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf values by dotted path; objects are walked, arrays and scalars compared whole. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, {});
    for (const k of keys) flatten(value[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, value);
  }
}

/** Order-insensitive for object keys, so {a,b} equals {b,a}. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

function fieldChanges(a: FlowNode, b: FlowNode): FieldChange[] {
  const pick = (n: FlowNode) => ({
    type: n.type,
    label: n.label,
    config: n.config,
    retry: n.retry,
    timeoutMs: n.timeoutMs,
  });
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(pick(a), '', fa);
  flatten(pick(b), '', fb);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths
    .filter((p) => !sameValue(fa.get(p), fb.get(p)))
    .map((p) => ({ path: p, before: fa.get(p), after: fb.get(p) }));
}

const edgeKey = (e: EdgeRef) => `${e.source}\u0000${e.target}`;

/** How `b` differs from `a` (a = older, b = newer). */
export function diffGraphs(a: FlowGraph, b: FlowGraph): GraphDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const added = b.nodes.filter((n) => !before.has(n.id)).map(ref);
  const removed = a.nodes.filter((n) => !after.has(n.id)).map(ref);
  const changed: StepChange[] = [];
  for (const n of b.nodes) {
    const old = before.get(n.id);
    if (!old) continue;
    const fields = fieldChanges(old, n);
    if (fields.length) changed.push({ ...ref(n), fields });
  }
  const ea = new Set(a.edges.map(edgeKey));
  const eb = new Set(b.edges.map(edgeKey));
  const uniq = (edges: EdgeRef[], other: Set<string>) => {
    const seen = new Set<string>();
    return edges
      .filter((e) => !other.has(edgeKey(e)) && !seen.has(edgeKey(e)) && seen.add(edgeKey(e)))
      .map((e) => ({ source: e.source, target: e.target }));
  };
  return { added, removed, changed, edgesAdded: uniq(b.edges, ea), edgesRemoved: uniq(a.edges, eb) };
}

export const isEmptyDiff = (d: GraphDiff) =>
  !d.added.length && !d.removed.length && !d.changed.length && !d.edgesAdded.length && !d.edgesRemoved.length;
