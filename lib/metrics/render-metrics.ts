import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { db } from '../db';
import { env } from '../env';
import { RUNS_QUEUE } from '../queue/jobs';
import { runsQueue } from '../queue/queues';
import { sharedProducer } from '../queue/redis';
import { metricsHashKey } from './metric-counters';

// GET /metrics: Prometheus text for the whole system, whichever web instance
// is scraped. Gauges are read at scrape time from Redis (queue) and
// PostgreSQL (unfinished runs, held events: both on indexed, small sets);
// counters come from the Redis hash every process adds to (metric-counters.ts).
// Process metrics (memory, event loop) are those of the instance scraped.

const COUNTERS: Record<string, { type: 'counter' | 'histogram'; help: string }> = {
  switchboard_events_total: {
    type: 'counter',
    help: 'Webhook requests stored, by outcome (accepted, held, test, duplicate).',
  },
  switchboard_events_refused_total: {
    type: 'counter',
    help: 'Webhook requests refused, by reason (the error code answered).',
  },
  switchboard_runs_finished_total: { type: 'counter', help: 'Runs finished, by status.' },
  switchboard_steps_total: { type: 'counter', help: 'Step executions (tries), by step type and outcome.' },
  switchboard_step_retries_total: {
    type: 'counter',
    help: 'Step tries that failed and were scheduled to be tried again, by step type.',
  },
  switchboard_step_duration_seconds: {
    type: 'histogram',
    help: 'Duration of one step execution (one try), by step type.',
  },
  switchboard_sweeper_recoveries_total: {
    type: 'counter',
    help: 'Jobs re-added from PostgreSQL because Redis did not have them, by sweeper (events, runs).',
  },
};

const quietly = async (fn: () => Promise<void>) => {
  // A part that is down leaves its gauge empty instead of failing the scrape.
  await fn().catch(() => {});
};

function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'switchboard_queue_jobs',
    help: 'Jobs in the runs queue, by state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      await quietly(async () => {
        const counts = await runsQueue().getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized');
        this.reset();
        for (const [state, n] of Object.entries(counts)) this.set({ state: state === 'wait' ? 'waiting' : state }, n);
      });
    },
  });
  new Gauge({
    name: 'switchboard_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting for a worker (0 when none waits).',
    registers: [registry],
    async collect() {
      await quietly(async () => {
        const redis = sharedProducer();
        const base = `${env().QUEUE_PREFIX}:${RUNS_QUEUE}`;
        // BullMQ pushes new jobs on the left and workers take from the right.
        const id = await redis.lindex(`${base}:wait`, -1);
        const at = id ? Number(await redis.hget(`${base}:${id}`, 'timestamp')) : NaN;
        this.set(Number.isFinite(at) ? Math.max(0, (Date.now() - at) / 1000) : 0);
      });
    },
  });
  new Gauge({
    name: 'switchboard_workers',
    help: 'Worker connections taking jobs from the runs queue.',
    registers: [registry],
    async collect() {
      await quietly(async () => this.set(await runsQueue().getWorkersCount()));
    },
  });
  new Gauge({
    name: 'switchboard_runs',
    help: 'Unfinished runs, by status (finished ones: switchboard_runs_finished_total).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await quietly(async () => {
        const rows = await db.$queryRaw<{ status: string; n: bigint }[]>`
          SELECT status::text, count(*) AS n FROM run WHERE status IN ('queued', 'running', 'waiting') GROUP BY status`;
        this.reset();
        for (const s of ['queued', 'running', 'waiting'])
          this.set({ status: s }, Number(rows.find((r) => r.status === s)?.n ?? 0));
      });
    },
  });
  new Gauge({
    name: 'switchboard_events_held',
    help: 'Events held while their flow is paused.',
    registers: [registry],
    async collect() {
      await quietly(async () => {
        const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM event WHERE status = 'held'`;
        this.set(Number(row?.n ?? 0));
      });
    },
  });
  return registry;
}

const globalForMetrics = globalThis as unknown as { __switchboardMetrics?: Registry };

/** The Redis-held counters as exposition text, grouped by family. */
async function counterText(): Promise<string> {
  let fields: Record<string, string> = {};
  try {
    fields = await sharedProducer().hgetall(metricsHashKey());
  } catch {
    // Redis down: the families are still announced, without samples.
  }
  const byFamily = new Map<string, string[]>();
  for (const [field, value] of Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))) {
    const name = field.split('{')[0]!;
    const family = COUNTERS[name] ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!COUNTERS[family]) continue;
    if (!byFamily.has(family)) byFamily.set(family, []);
    byFamily.get(family)!.push(`${field} ${Number(value)}`);
  }
  return Object.entries(COUNTERS)
    .map(([name, { type, help }]) =>
      [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...(byFamily.get(name) ?? [])].join('\n'),
    )
    .join('\n');
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const registry = (globalForMetrics.__switchboardMetrics ??= createRegistry());
  const [gauges, counters] = await Promise.all([registry.metrics(), counterText()]);
  return { contentType: registry.contentType, body: `${gauges.trimEnd()}\n${counters}\n` };
}
