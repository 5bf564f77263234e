import type { FlowEdge, FlowGraph, FlowNode } from '@/lib/flows/graph';
import { stepDefinition, TRIGGER_TYPE } from '@/lib/integrations/registry';

// Pure edits of the draft graph. The canvas, keyboard shortcuts and palette all
// go through these, so undo/redo only ever sees whole graphs.

export function newNodeId(type: string, taken: Iterable<string>): string {
  const ids = new Set(taken);
  // Short, readable ids: they appear in templates as `steps.<id>.…`.
  const base =
    stepDefinition(type)?.idBase ?? (type.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, '_') || 'step');
  if (!ids.has(base)) return base;
  for (let i = 2; ; i++) if (!ids.has(`${base}_${i}`)) return `${base}_${i}`;
}

export const NODE_GAP_Y = 140;

/** Adds a step; after `afterId` (connected to it, placed below it) when given. */
export function addNode(
  graph: FlowGraph,
  type: string,
  opts: { afterId?: string | null; position?: { x: number; y: number } } = {},
): { graph: FlowGraph; id: string } {
  if (type === TRIGGER_TYPE && graph.nodes.some((n) => n.type === TRIGGER_TYPE)) {
    return { graph, id: graph.nodes.find((n) => n.type === TRIGGER_TYPE)!.id };
  }
  const id = newNodeId(
    type,
    graph.nodes.map((n) => n.id),
  );
  const after = opts.afterId ? graph.nodes.find((n) => n.id === opts.afterId) : undefined;
  let position = opts.position;
  if (!position) {
    const base = after?.position ?? lowest(graph.nodes);
    const siblings = after ? graph.edges.filter((e) => e.source === after.id).length : 0;
    position = base ? { x: base.x + siblings * 280, y: base.y + NODE_GAP_Y } : { x: 0, y: 0 };
  }
  const node: FlowNode = { id, type, config: {}, position };
  const edges: FlowEdge[] =
    after && type !== TRIGGER_TYPE ? [...graph.edges, { source: after.id, target: id }] : graph.edges;
  return { graph: { nodes: [...graph.nodes, node], edges }, id };
}

function lowest(nodes: FlowNode[]) {
  return nodes.reduce<{ x: number; y: number } | undefined>(
    (best, n) => (n.position && (!best || n.position.y > best.y) ? n.position : best),
    undefined,
  );
}

export function removeNodes(graph: FlowGraph, ids: string[]): FlowGraph {
  const gone = new Set(ids);
  return {
    nodes: graph.nodes.filter((n) => !gone.has(n.id)),
    edges: graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

export const edgeKey = (e: { source: string; target: string }) => `${e.source}->${e.target}`;

export function removeEdges(graph: FlowGraph, keys: string[]): FlowGraph {
  const gone = new Set(keys);
  return { ...graph, edges: graph.edges.filter((e) => !gone.has(edgeKey(e))) };
}

/** Why an edge may not be drawn, or null when it may. */
export function connectionProblem(graph: FlowGraph, source: string, target: string): string | null {
  if (source === target) return 'A step cannot connect to itself';
  if (graph.nodes.find((n) => n.id === target)?.type === TRIGGER_TYPE) return 'Nothing can lead into the trigger';
  if (graph.edges.some((e) => e.source === source && e.target === target)) return 'Already connected';
  // Would close a loop: target already reaches source.
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === source) return 'That would make a loop';
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return null;
}

export function connect(graph: FlowGraph, source: string, target: string): FlowGraph {
  if (connectionProblem(graph, source, target)) return graph;
  return { ...graph, edges: [...graph.edges, { source, target }] };
}

export function updateNode(graph: FlowGraph, id: string, patch: Partial<FlowNode>): FlowGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

export function moveNodes(graph: FlowGraph, positions: Map<string, { x: number; y: number }>): FlowGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)),
  };
}

/** Every step that runs before `id` (its ancestors), nearest first. */
export function ancestors(graph: FlowGraph, id: string): string[] {
  const out: string[] = [];
  const queue = [id];
  const seen = new Set([id]);
  while (queue.length) {
    const cur = queue.shift()!;
    for (const e of graph.edges) {
      if (e.target === cur && !seen.has(e.source)) {
        seen.add(e.source);
        out.push(e.source);
        queue.push(e.source);
      }
    }
  }
  return out;
}
