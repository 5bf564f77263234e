import type { FlowGraph } from './graph';
import { testWebhookUrl, webhookUrl } from './webhook-url';

// The shape flows leave the server in (API and pages). Never a raw row.

export const flowSelect = {
  id: true,
  name: true,
  status: true,
  token: true,
  draftGraph: true,
  publishedVersion: true,
  sampleEventId: true,
  createdAt: true,
  updatedAt: true,
} as const;

type FlowRow = {
  id: string;
  name: string;
  status: 'draft' | 'live' | 'paused';
  token: string;
  draftGraph: unknown;
  publishedVersion: number | null;
  sampleEventId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toFlowView(row: FlowRow) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    webhookUrl: webhookUrl(row.token),
    testUrl: testWebhookUrl(row.token),
    publishedVersion: row.publishedVersion,
    sampleEventId: row.sampleEventId,
    graph: row.draftGraph as FlowGraph,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type FlowView = ReturnType<typeof toFlowView>;
