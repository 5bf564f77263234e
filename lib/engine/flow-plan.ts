import { graphSchema, type FlowGraph, type FlowNode } from '../flows/graph';
import { TRIGGER_TYPE } from '../integrations/registry';

// What the engine needs to know about a published graph, computed once per
// version (versions are immutable, so the plan is cached for the process).

export type FlowPlan = {
  graph: FlowGraph;
  trigger: FlowNode;
  nodes: Map<string, FlowNode>;
  /** Every node except the trigger, parents before children. */
  order: FlowNode[];
  parents: Map<string, string[]>;
  /** Nodes that run before each node (transitive parents), for template checks. */
  upstream: Map<string, Set<string>>;
  allIds: Set<string>;
};

export function buildPlan(rawGraph: unknown): FlowPlan {
  const graph = graphSchema.parse(rawGraph);
  const trigger = graph.nodes.find((n) => n.type === TRIGGER_TYPE);
  if (!trigger) throw new Error('The flow version has no trigger');
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const parents = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  const children = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    parents.get(e.target)!.push(e.source);
    children.get(e.source)!.push(e.target);
  }
  // Kahn's algorithm from the trigger; published graphs are DAGs reachable from it.
  const indegree = new Map(graph.nodes.map((n) => [n.id, parents.get(n.id)!.length]));
  const queue = [trigger.id];
  const order: FlowNode[] = [];
  const upstream = new Map<string, Set<string>>([[trigger.id, new Set()]]);
  while (queue.length) {
    const id = queue.shift()!;
    if (id !== trigger.id) order.push(nodes.get(id)!);
    for (const child of children.get(id) ?? []) {
      const up = upstream.get(child) ?? new Set<string>();
      up.add(id);
      for (const u of upstream.get(id) ?? []) up.add(u);
      upstream.set(child, up);
      indegree.set(child, indegree.get(child)! - 1);
      if (indegree.get(child) === 0) queue.push(child);
    }
  }
  return { graph, trigger, nodes, order, parents, upstream, allIds: new Set(nodes.keys()) };
}

const cache = new Map<string, FlowPlan>();

/** The plan of a published version whose graph this process has seen (versions never change). */
export const cachedPlan = (versionId: string): FlowPlan | undefined => cache.get(versionId);

export function rememberPlan(versionId: string, rawGraph: unknown): FlowPlan {
  const plan = buildPlan(rawGraph);
  if (cache.size > 1000) cache.delete(cache.keys().next().value!);
  cache.set(versionId, plan);
  return plan;
}
