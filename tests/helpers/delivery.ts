import type { PrismaClient } from '@/lib/generated/prisma/client';
import { waitFor } from './ports';
import { startRecordingServer } from './recording-server';

// Events through the 3-step flow to a local sink, counted exactly:
// for tests that put something between the app and its servers (PgBouncer,
// Redis Sentinel) and must show that every accepted event was delivered once.

export { threeStepGraph } from './fixture';

/** The sink the flow's last step calls: answers 200, records each call. */
export const startSink = () => startRecordingServer(() => ({ status: 200, body: { ok: true } }));

/** Posts one lead to the flow's webhook; true when it was accepted (202). */
export async function sendLead(webUrl: string, token: string, email: string): Promise<boolean> {
  const res = await fetch(`${webUrl}/hooks/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: 'Ada Lovelace' }),
  }).catch(() => null);
  await res?.arrayBuffer().catch(() => {});
  return res?.status === 202;
}

/** Waits until the flow has `count` finished runs; returns them by status. */
export async function finishedRuns(db: PrismaClient, flowId: string, count: number, timeoutMs = 60_000) {
  await waitFor(
    async () => (await db.run.count({ where: { flowId, status: { in: ['succeeded', 'failed'] } } })) >= count,
    { timeoutMs, intervalMs: 250, what: `${count} runs to finish` },
  );
  const rows = await db.run.groupBy({ by: ['status'], where: { flowId }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}

/** How many sink calls each email got. */
export function callsByEmail(requests: { body: string }[]): Map<string, number> {
  const calls = new Map<string, number>();
  for (const r of requests) {
    const { email } = JSON.parse(r.body) as { email: string };
    calls.set(email, (calls.get(email) ?? 0) + 1);
  }
  return calls;
}
