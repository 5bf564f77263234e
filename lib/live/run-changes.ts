import { env } from '../env';
import { sharedProducer } from '../queue/redis';

// Live run updates: the engine publishes each run's new status on a Redis
// channel per workspace; the web's event stream (GET /api/v1/runs/stream)
// passes them on to the browsers of that workspace. Changes are coalesced for
// a moment (one PUBLISH per workspace per flush, the latest status per run),
// so a busy worker adds a Redis round trip per batch, not per step. Best
// effort: Redis away means the pages fall back to polling, nothing more.

export type RunChangeMessage = { runId: string; flowId: string; status: string };

const FLUSH_MS = 100;
const pending = new Map<string, Map<string, RunChangeMessage>>();
let timer: ReturnType<typeof setTimeout> | undefined;

export const runChangesChannel = (workspaceId: string) => `${env().QUEUE_PREFIX}:live:runs:${workspaceId}`;

export function publishRunChange(workspaceId: string, change: RunChangeMessage): void {
  let runs = pending.get(workspaceId);
  if (!runs) pending.set(workspaceId, (runs = new Map()));
  runs.set(change.runId, change);
  timer ??= setTimeout(flush, FLUSH_MS);
}

function flush() {
  timer = undefined;
  const batch = [...pending];
  pending.clear();
  const redis = sharedProducer();
  if (redis.status !== 'ready') return;
  const pipeline = redis.pipeline();
  for (const [workspaceId, runs] of batch)
    pipeline.publish(runChangesChannel(workspaceId), JSON.stringify([...runs.values()]));
  void pipeline.exec().catch(() => {});
}
