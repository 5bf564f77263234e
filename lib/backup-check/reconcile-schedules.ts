import { sql } from '../engine/engine-sql';
import { logger } from '../log';
import { runsQueue } from '../queue/queues';
import { sharedProducer } from '../queue/redis';
import { backupCheckOf, intervalMs } from './backup-check-config';
import { removeScheduler, schedulerId, syncBackupCheck } from './schedule-backup-check';

// Run by every worker: makes the job schedulers in Redis match the published
// backup checks in PostgreSQL. Redis restarted empty → schedulers come back;
// a publish whose Redis call failed → its scheduler appears; a flow deleted
// while Redis was away → its scheduler goes. Several workers doing this at
// once is harmless: a scheduler has a fixed id per flow.

const INTERVAL_MS = 30_000;
const TRIGGER_PATH = '$.nodes[*] ? (@.type == "trigger.webhook").config';

export async function reconcileSchedulesOnce(): Promise<{ created: number; removed: number }> {
  const rows = await sql<{ flowId: string; trigger: unknown; stateEnabled: boolean; stateEveryMs: number | null }>(
    `SELECT f.id::text AS "flowId", jsonb_path_query_first(v.graph, $1::jsonpath) AS trigger,
            COALESCE(b.enabled, false) AS "stateEnabled", b."everyMs" AS "stateEveryMs"
     FROM flow f
     LEFT JOIN flow_version v ON v."flowId" = f.id AND v.version = f."publishedVersion"
     LEFT JOIN backup_check b ON b."flowId" = f.id
     WHERE jsonb_path_exists(v.graph, '$.nodes[*] ? (@.type == "trigger.webhook").config.backupCheck') OR b.enabled`,
    [TRIGGER_PATH],
  );
  const wanted = new Map<string, number>();
  for (const r of rows) {
    const config = backupCheckOf(r.trigger);
    if (config?.enabled) wanted.set(schedulerId(r.flowId), intervalMs(config));
  }
  const existing = new Map<string, number | undefined>();
  for (const s of await runsQueue().getJobSchedulers(0, -1)) {
    if (s.key.startsWith('backup-check-')) existing.set(s.key, s.every ?? undefined);
  }
  let created = 0;
  let removed = 0;
  for (const r of rows) {
    const want = wanted.get(schedulerId(r.flowId));
    const stale =
      want === undefined
        ? r.stateEnabled // switched off, unpublished: the state row says otherwise
        : existing.get(schedulerId(r.flowId)) !== want || !r.stateEnabled || r.stateEveryMs !== want;
    if (!stale) continue;
    await syncBackupCheck(r.flowId, { pollNow: false });
    if (want !== undefined) created += 1;
  }
  for (const id of existing.keys()) {
    if (!wanted.has(id)) {
      await removeScheduler(id.slice('backup-check-'.length));
      removed += 1;
    }
  }
  return { created, removed };
}

export function startScheduleReconciler(intervalMs = INTERVAL_MS): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    if (sharedProducer().status !== 'ready') return;
    try {
      const r = await reconcileSchedulesOnce();
      if (r.created || r.removed) logger.info(r, 'backup check schedulers reconciled');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'backup check reconcile failed; retrying');
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(pass).finally(() => schedule(intervalMs * (0.75 + Math.random() * 0.5)));
    }, ms);
  };
  schedule(2000);
  // Redis back after an outage (perhaps restarted empty): put the schedulers back within seconds.
  const producer = sharedProducer();
  const onReady = () => schedule(1000 + Math.random() * 1000);
  producer.on('ready', onReady);
  return {
    async stop() {
      stopped = true;
      producer.off('ready', onReady);
      clearTimeout(timer);
      await running;
    },
  };
}
