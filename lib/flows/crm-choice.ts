import type { FlowGraph, FlowNode } from './graph';

// A template's CRM step is the built-in contacts step (it needs no account);
// "Finish setting up" offers HubSpot or Pipedrive instead. The same person is
// mapped in each CRM's own fields, from `trigger.email` / `trigger.name`.

export const CRM_STEP_TYPES = ['crm.upsertContact', 'hubspot.upsertContact', 'pipedrive.createLead'] as const;
export type CrmStepType = (typeof CRM_STEP_TYPES)[number];

export const crmChoiceLabel: Record<CrmStepType, string> = {
  'crm.upsertContact': 'Switchboard contacts (no account)',
  'hubspot.upsertContact': 'HubSpot',
  'pipedrive.createLead': 'Pipedrive (person and lead)',
};

export const isCrmStep = (type: string): type is CrmStepType => (CRM_STEP_TYPES as readonly string[]).includes(type);

const otherConfig: Record<Exclude<CrmStepType, 'crm.upsertContact'>, Record<string, unknown>> = {
  // HubSpot keeps first and last name apart: the first word, then the rest.
  'hubspot.upsertContact': {
    email: '{{ trigger.email }}',
    properties: {
      firstname: '{{ trigger.name | split: " " | first }}',
      lastname: '{{ trigger.name | split: " " | slice: 1, 20 | join: " " }}',
    },
  },
  'pipedrive.createLead': {
    email: '{{ trigger.email }}',
    name: '{{ trigger.name }}',
    title: 'Lead from {{ trigger.name | default: trigger.email }}',
  },
};

/**
 * The graph with the CRM step `nodeId` turned into `type`; `builtin` is the node as the template made it
 * (its contacts config, tags included), restored when switching back. Its connection is left to choose.
 */
export function swapCrm(graph: FlowGraph, nodeId: string, type: CrmStepType, builtin: FlowNode): FlowGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== nodeId || n.type === type) return n;
      if (type === 'crm.upsertContact') return { ...n, type, config: { ...builtin.config } };
      return { ...n, type, config: { ...otherConfig[type] } };
    }),
  };
}
