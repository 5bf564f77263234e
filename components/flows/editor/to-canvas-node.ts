import type { FlowNode } from '@/lib/flows/graph';
import { stepCatalog, TRIGGER_TYPE } from '@/lib/integrations/registry';
import type { StepNodeType } from './step-node';

type Extras = {
  selected: boolean;
  measured?: { width: number; height: number };
  issues?: string[];
  webhookUrl: string;
};

// Keyed by the graph node object: edits replace only the nodes they touch, so
// every other canvas node keeps its identity and React Flow skips re-rendering
// it (dragging one step of fifty re-renders one).
const cache = new WeakMap<FlowNode, { extras: Extras; node: StepNodeType }>();

const same = (a: Extras, b: Extras) =>
  a.selected === b.selected &&
  a.issues === b.issues &&
  a.webhookUrl === b.webhookUrl &&
  a.measured?.width === b.measured?.width &&
  a.measured?.height === b.measured?.height;

export function toCanvasNode(n: FlowNode, extras: Extras): StepNodeType {
  const hit = cache.get(n);
  if (hit && same(hit.extras, extras)) return hit.node;
  const def = stepCatalog[n.type];
  const isTrigger = n.type === TRIGGER_TYPE;
  const label = n.label ?? def?.label ?? n.type;
  const node: StepNodeType = {
    id: n.id,
    type: 'step',
    position: n.position ?? { x: 0, y: 0 },
    selected: extras.selected,
    deletable: !isTrigger,
    measured: extras.measured,
    ariaLabel: `${label} step`,
    data: {
      label,
      typeLabel: def?.label ?? `Unknown type ${n.type}`,
      icon: def?.icon ?? 'globe',
      category: def?.category ?? 'logic',
      isTrigger,
      issues: extras.issues,
      webhookUrl: isTrigger ? extras.webhookUrl : undefined,
    },
  };
  cache.set(n, { extras, node });
  return node;
}
