import { AppError } from '../errors';
import { stepDefinition } from '../integrations/registry';
import { publishIssues, type FlowGraph, type GraphIssue } from './graph';
import { responseTemplateGraphIssues } from './response-issues';
import { templateIssues } from './template-issues';

// Everything publishing checks, reported at once: the graph's shape, each
// step's required settings, Liquid syntax and the values templates name. Each
// problem names its node and the field inside the node's config, so the editor
// can put it on the node and next to the field.

export type PublishProblem = GraphIssue;

export function publishProblems(graph: FlowGraph): PublishProblem[] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const issues = [...publishIssues(graph), ...responseTemplateGraphIssues(graph), ...templateIssues(graph)].map(
    (issue) => withField(graph, issue),
  );
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    return !seen.has(key) && seen.add(key);
  });
  // In the flow's order: problems of the whole flow first, then step by step.
  const rank = (i: PublishProblem) => (i.nodeId === undefined ? -1 : (index.get(i.nodeId) ?? graph.nodes.length));
  return unique
    .map((issue, n) => ({ issue, n }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.n - b.n)
    .map((x) => x.issue);
}

/**
 * Older checks (shared with save) put "<step>: <field>: " in front of the
 * message and name the field only in `path`; at publish the field is its own
 * property and the message says only what is wrong.
 */
function withField(graph: FlowGraph, issue: GraphIssue): PublishProblem {
  const m = /^nodes\.(\d+)\.config\.(.+)$/.exec(issue.path);
  const field = issue.field ?? m?.[2];
  const node = m ? graph.nodes[Number(m[1])] : undefined;
  let message = issue.message;
  if (node && field) {
    for (const prefix of [`${node.label ?? node.id}: ${field}: `, `${node.id}: ${field}: `]) {
      if (message.startsWith(prefix)) message = message.slice(prefix.length);
    }
  }
  return { ...issue, ...(field ? { field } : {}), message };
}

/** The 400 for a flow that cannot be published: every problem in `details`, as `{path, nodeId, field, message}`. */
export function publishError(graph: FlowGraph, problems: PublishProblem[]): AppError {
  const first = problems[0]!;
  const node = first.nodeId ? graph.nodes.find((n) => n.id === first.nodeId) : undefined;
  const where = node
    ? `${node.label ?? stepDefinition(node.type)?.label ?? node.id}${first.field ? ` (${first.field})` : ''}: `
    : '';
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AppError(
    'invalid_input',
    `The flow cannot be published: ${count}. First: ${where}${first.message}`,
    problems.map((i) => ({
      path: `graph.${i.path}`,
      message: i.message,
      ...(i.nodeId ? { nodeId: i.nodeId } : {}),
      ...(i.field ? { field: i.field } : {}),
    })),
  );
}
