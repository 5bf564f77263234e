import { responseTemplateIssues } from '../ingest/hook-response';
import { TRIGGER_TYPE } from '../integrations/registry';
import type { FlowGraph, GraphIssue } from './graph';

// The Liquid side of a trigger's `response` (syntax, only `trigger` variables),
// checked at save and publish. Apart from graph.ts, which the editor's bundle
// imports and which therefore stays free of the template engine.
export function responseTemplateGraphIssues(graph: FlowGraph): GraphIssue[] {
  const issues: GraphIssue[] = [];
  graph.nodes.forEach((node, i) => {
    if (node.type !== TRIGGER_TYPE) return;
    for (const { field, message } of responseTemplateIssues(node.config?.response)) {
      issues.push({
        nodeId: node.id,
        path: `nodes.${i}.config.response.${field}`,
        message: `${node.label ?? node.id}: response.${field}: ${message}`,
      });
    }
  });
  return issues;
}
