import { z } from 'zod';
import { stepDefinition, TRIGGER_TYPE } from '../integrations/registry';
import { webhookTriggerConfig } from '../integrations/webhook/trigger';
import { configIssueMessage } from './config-issue-message';

// The flow graph as the API stores and returns it. Shape is checked on every
// save; `validateForPublish` adds the rules a runnable flow must meet.

export const retrySchema = z.object({
  attempts: z.number().int().min(1, 'at least 1').max(20, 'at most 20'),
  backoffMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .optional(),
});

export const nodeSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'letters, digits, _ and - only, starting with a letter or _'),
  type: z.string().min(1),
  label: z.string().max(200).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  retry: retrySchema.optional(),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(15 * 60 * 1000)
    .optional(),
});

export const edgeSchema = z.object({
  id: z.string().optional(),
  source: z.string().min(1),
  target: z.string().min(1),
});

export const graphSchema = z.object({
  nodes: z.array(nodeSchema).max(500, 'at most 500 steps'),
  edges: z.array(edgeSchema).max(2000),
});

export type FlowNode = z.infer<typeof nodeSchema>;
export type FlowEdge = z.infer<typeof edgeSchema>;
export type FlowGraph = z.infer<typeof graphSchema>;

/** `field`: the dotted path inside the node's config ("to", "headers.X-Key"), when the problem is in one field. */
export type GraphIssue = { nodeId?: string; field?: string; path: string; message: string };

/** Structural problems: unknown types, duplicate ids, dangling edges. Checked on every save. */
export function structuralIssues(graph: FlowGraph): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const ids = new Set<string>();
  graph.nodes.forEach((node, i) => {
    if (ids.has(node.id))
      issues.push({ nodeId: node.id, path: `nodes.${i}.id`, message: `Duplicate step id "${node.id}"` });
    ids.add(node.id);
    if (!stepDefinition(node.type)) {
      issues.push({ nodeId: node.id, path: `nodes.${i}.type`, message: `Unknown step type "${node.type}"` });
    }
    if (node.type === TRIGGER_TYPE) issues.push(...signatureIssues(node, i), ...responseIssues(node, i));
  });
  graph.edges.forEach((edge, i) => {
    for (const end of ['source', 'target'] as const) {
      if (!ids.has(edge[end]))
        issues.push({ path: `edges.${i}.${end}`, message: `Edge ${end} "${edge[end]}" is not a step of this flow` });
    }
    if (edge.source === edge.target)
      issues.push({ nodeId: edge.source, path: `edges.${i}`, message: 'A step cannot connect to itself' });
  });
  return issues;
}

const signatureSchemes: string[] = webhookTriggerConfig.shape.signature
  .unwrap()
  .options.map((o) => o.shape.scheme.value);

/**
 * A sender check that cannot work would refuse every request (hook-settings.ts),
 * so an unknown scheme or one without its secret is refused at save already,
 * not only at publish. The other fields may still be in the making.
 */
function signatureIssues(node: FlowNode, i: number): GraphIssue[] {
  const sig = node.config?.signature;
  if (sig === undefined || sig === null) return [];
  const path = `nodes.${i}.config.signature`;
  const name = node.label ?? node.id;
  const scheme = typeof sig === 'object' ? (sig as { scheme?: unknown }).scheme : undefined;
  if (typeof scheme !== 'string' || !signatureSchemes.includes(scheme)) {
    const what = typeof scheme === 'string' ? `unknown scheme "${scheme.slice(0, 50)}"` : 'a scheme is required';
    return [
      {
        nodeId: node.id,
        path: `${path}.scheme`,
        message: `${name}: signature.scheme: ${what}; use one of ${signatureSchemes.join(', ')}`,
      },
    ];
  }
  const secret = (sig as { secret?: unknown }).secret;
  if (typeof secret !== 'string' || secret.trim() === '') {
    return [
      {
        nodeId: node.id,
        path: `${path}.secret`,
        message: `${name}: signature.secret: the ${scheme} scheme needs its secret`,
      },
    ];
  }
  return [];
}

/**
 * The trigger's custom answer is checked at save too (status, header names and
 * values): a draft's test events never use it, but a mistake here should show
 * where it is made. Its Liquid syntax is checked on the server (response-issues.ts).
 */
function responseIssues(node: FlowNode, i: number): GraphIssue[] {
  const response = node.config?.response;
  if (response === undefined || response === null) return [];
  const parsed = webhookTriggerConfig.shape.response.safeParse(response);
  if (parsed.success) return [];
  const name = node.label ?? node.id;
  return parsed.error.issues.map((issue) => {
    const field = ['response', ...issue.path.map(String)].join('.');
    // A bad header name comes as "invalid key" wrapping the real reason.
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    return {
      nodeId: node.id,
      path: `nodes.${i}.config.${field}`,
      message: `${name}: ${field}: ${inner ?? issue.message}`,
    };
  });
}

/** The graph as stored: a trigger's redirectUrl normalised (ASCII, `URL.href`), so answering with it cannot fail. */
export function normalizeGraph(graph: FlowGraph): FlowGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const url = node.type === TRIGGER_TYPE ? node.config?.redirectUrl : undefined;
      if (typeof url !== 'string') return node;
      return { ...node, config: { ...node.config, redirectUrl: normalizeUrl(url) } };
    }),
  };
}

/** `URL.href` (punycode host, percent-encoded path); a value that is no URL is kept for publish to report. */
export function normalizeUrl(value: string): string {
  try {
    return new URL(value.trim()).href;
  } catch {
    return value;
  }
}

/**
 * Everything a published flow must satisfy; each issue names the node and
 * field. Every problem is reported at once: the graph's shape (loops, steps
 * not connected) is checked even when some step's settings are incomplete.
 */
export function publishIssues(graph: FlowGraph): GraphIssue[] {
  const issues = structuralIssues(graph);
  const triggers = graph.nodes.filter((n) => n.type === TRIGGER_TYPE);
  if (triggers.length !== 1) {
    issues.push({
      path: 'nodes',
      message: triggers.length === 0 ? 'The flow needs a Webhook trigger' : 'A flow has exactly one trigger',
    });
  }
  graph.nodes.forEach((node, i) => {
    const def = stepDefinition(node.type);
    if (!def) return;
    const parsed = def.schema.safeParse(node.config ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join('.');
        const path = `nodes.${i}.config${field ? `.${field}` : ''}`;
        // Already reported by structuralIssues (a trigger's signature or response).
        if (issues.some((known) => known.path === path)) continue;
        issues.push({
          nodeId: node.id,
          ...(field ? { field } : {}),
          path,
          message: configIssueMessage(issue, node.config ?? {}),
        });
      }
    }
  });
  graph.edges.forEach((edge, i) => {
    if (triggers.some((t) => t.id === edge.target))
      issues.push({ nodeId: edge.target, path: `edges.${i}.target`, message: 'Nothing can lead into the trigger' });
  });
  if (triggers.length === 1) issues.push(...shapeIssues(graph, triggers[0]!));
  return issues;
}

/** Loops and steps the trigger does not reach (edges into the trigger are reported on their own). */
function shapeIssues(graph: FlowGraph, trigger: FlowNode): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const children = adjacency({ ...graph, edges: graph.edges.filter((e) => e.target !== trigger.id) });
  // Depth-first with colours: an edge to a step still on the path closes a loop.
  const state = new Map<string, 1 | 2>();
  const looped = new Set<string>();
  const stack: { id: string; next: number }[] = [{ id: trigger.id, next: 0 }];
  state.set(trigger.id, 1);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const out = children.get(top.id) ?? [];
    if (top.next >= out.length) {
      state.set(top.id, 2);
      stack.pop();
      continue;
    }
    const next = out[top.next++]!;
    const s = state.get(next);
    if (s === 1 && !looped.has(next)) {
      looped.add(next);
      issues.push({
        nodeId: next,
        path: 'edges',
        message: `The steps form a loop at "${next}": a step leads back to an earlier one. Remove one of the connections.`,
      });
    } else if (s === undefined) {
      state.set(next, 1);
      stack.push({ id: next, next: 0 });
    }
  }
  graph.nodes.forEach((node, i) => {
    if (state.has(node.id)) return;
    issues.push({
      nodeId: node.id,
      path: `nodes.${i}`,
      message: 'This step is not connected to the trigger, so it would never run. Connect it, or delete it.',
    });
  });
  return issues;
}

export function adjacency(graph: FlowGraph): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of graph.edges) map.set(e.source, [...(map.get(e.source) ?? []), e.target]);
  return map;
}

export function parents(graph: FlowGraph, nodeId: string): string[] {
  return graph.edges.filter((e) => e.target === nodeId).map((e) => e.source);
}

export function triggerNode(graph: FlowGraph): FlowNode | undefined {
  return graph.nodes.find((n) => n.type === TRIGGER_TYPE);
}

/** A new flow starts with just its trigger. */
export const emptyGraph = (): FlowGraph => ({
  nodes: [{ id: 'trigger', type: TRIGGER_TYPE, config: {}, position: { x: 0, y: 0 } }],
  edges: [],
});
