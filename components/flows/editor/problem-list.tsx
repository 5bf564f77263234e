'use client';

import type { FlowGraph } from '@/lib/flows/graph';
import { stepCatalog } from '@/lib/integrations/registry';
import { fieldLabel, withLabel, type Problem } from './publish-problems';

/**
 * Every problem of the last publish attempt in one list, in the flow's order;
 * choosing one selects its step on the canvas and puts the cursor in its field.
 */
export function ProblemList({
  problems,
  graph,
  onPick,
}: {
  problems: Problem[];
  graph: FlowGraph;
  onPick(p: Problem): void;
}) {
  if (!problems.length) return null;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  return (
    <ol
      className="max-h-40 space-y-1 overflow-y-auto text-sm"
      aria-label="Problems to fix"
      data-testid="publish-problems"
    >
      {problems.map((p, i) => {
        const node = p.nodeId ? nodes.get(p.nodeId) : undefined;
        const step = node ? (node.label ?? stepCatalog[node.type]?.label ?? node.id) : null;
        const text = p.field ? withLabel(fieldLabel(node?.type, p.field), p.message) : p.message;
        return (
          <li key={i} className="flex items-start gap-2">
            <span aria-hidden className="mt-1.5 size-1.5 shrink-0 rounded-full bg-red-500" />
            {node ? (
              <button
                type="button"
                className="text-left text-red-800 hover:underline focus-visible:underline focus-visible:outline-none"
                onClick={() => onPick(p)}
                data-problem-node={p.nodeId}
                data-problem-field={p.field}
              >
                <span className="font-medium">{step}</span> — {text}
              </button>
            ) : (
              <span className="text-red-800">{text}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
