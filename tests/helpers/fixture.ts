import { randomBytes } from 'node:crypto';
import { uuid7 } from '../../lib/db/uuid7';

// The set-up the tests and the benchmarks share (bench/ imports this too, so
// relative imports only and no vitest): a live flow written straight to
// PostgreSQL as published version 1, and the graphs both run.

/** Runs one SQL statement with $n parameters: a pg client's query, or Prisma's $executeRawUnsafe. */
export type Sql = (text: string, params: unknown[]) => Promise<unknown>;

export const pgSql =
  (client: { query: (text: string, params: unknown[]) => Promise<unknown> }): Sql =>
  (text, params) =>
    client.query(text, params);

export const prismaSql =
  (db: { $executeRawUnsafe: (text: string, ...params: unknown[]) => Promise<number> }): Sql =>
  (text, params) =>
    db.$executeRawUnsafe(text, ...params);

export type SeededFlow = { workspaceId: string; flowId: string; token: string };

/** A workspace with one live flow running `graph` (published version 1), inserted directly. */
export async function seedLiveFlow(sql: Sql, graph: unknown, name = 'fixture'): Promise<SeededFlow> {
  const workspaceId = uuid7();
  const flowId = uuid7();
  const token = randomBytes(24).toString('base64url');
  const g = JSON.stringify(graph);
  await sql(`INSERT INTO workspace (id, name) VALUES ($1::uuid, $2)`, [workspaceId, name]);
  await sql(
    `INSERT INTO flow (id, "workspaceId", name, status, token, "draftGraph", "publishedVersion", "updatedAt")
     VALUES ($1::uuid, $2::uuid, $3, 'live', $4, $5::jsonb, 1, now())`,
    [flowId, workspaceId, name, token, g],
  );
  await sql(
    `INSERT INTO flow_version (id, "workspaceId", "flowId", version, graph) VALUES ($1::uuid, $2::uuid, $3::uuid, 1, $4::jsonb)`,
    [uuid7(), workspaceId, flowId, g],
  );
  return { workspaceId, flowId, token };
}

/**
 * The benchmarks' 3-step flow: webhook → built-in CRM upsert → HTTP POST to
 * `targetUrl`/leads. `notifyTimeoutMs` shortens the HTTP step's timeout (so a
 * killed worker's runs are taken over within seconds).
 */
export const threeStepGraph = (targetUrl: string, opts: { notifyTimeoutMs?: number } = {}) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {} },
    {
      id: 'lead',
      type: 'crm.upsertContact',
      config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
    },
    {
      id: 'notify',
      type: 'http.request',
      config: {
        method: 'POST',
        url: `${targetUrl}/leads`,
        body: { contact: '{{ steps.lead.contactId }}', email: '{{ trigger.body.email }}' },
      },
      ...(opts.notifyTimeoutMs ? { timeoutMs: opts.notifyTimeoutMs } : {}),
    },
  ],
  edges: [
    { source: 'trigger', target: 'lead' },
    { source: 'lead', target: 'notify' },
  ],
});
