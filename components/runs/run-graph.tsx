'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { nodeTypes, type StepNodeType } from '@/components/flows/editor/step-node';
import type { FlowGraph } from '@/lib/flows/graph';
import { stepCatalog, TRIGGER_TYPE } from '@/lib/integrations/registry';

type Props = {
  graph: FlowGraph;
  statusByNode: Record<string, string>;
  selectedId: string | null;
  onSelect(id: string): void;
};

/** The version the run executed, read-only, each node coloured by its step's status. */
export function RunGraph(props: Props) {
  return (
    <ReactFlowProvider>
      <RunGraphInner {...props} />
    </ReactFlowProvider>
  );
}

function RunGraphInner({ graph, statusByNode, selectedId, onSelect }: Props) {
  const nodes: StepNodeType[] = useMemo(
    () =>
      graph.nodes.map((n) => {
        const def = stepCatalog[n.type];
        return {
          id: n.id,
          type: 'step' as const,
          position: n.position ?? { x: 0, y: 0 },
          selected: n.id === selectedId,
          draggable: false,
          connectable: false,
          deletable: false,
          ariaLabel: `${n.label ?? def?.label ?? n.type}: ${statusByNode[n.id] ?? 'not run'}`,
          data: {
            label: n.label ?? def?.label ?? n.type,
            typeLabel: def?.label ?? n.type,
            icon: def?.icon ?? 'globe',
            category: def?.category ?? 'logic',
            isTrigger: n.type === TRIGGER_TYPE,
            status: statusByNode[n.id] ?? (n.type === TRIGGER_TYPE ? 'succeeded' : 'pending'),
            readOnly: true,
          },
        };
      }),
    [graph.nodes, statusByNode, selectedId],
  );
  const edges = useMemo(
    () =>
      graph.edges.map((e) => ({
        id: `${e.source}->${e.target}`,
        source: e.source,
        target: e.target,
        animated: statusByNode[e.target] === 'running',
      })),
    [graph.edges, statusByNode],
  );
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onNodeClick={(_, n) => onSelect(n.id)}
      onNodesChange={(changes) => {
        for (const c of changes) if (c.type === 'select' && c.selected) onSelect(c.id);
      }}
      fitView
      fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
      deleteKeyCode={null}
    >
      <Background gap={20} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
