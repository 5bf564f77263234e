// Scale-out and cost: `npm run bench -- scale`. The 3-step flow (webhook →
// built-in CRM upsert → HTTP call to a local server) at saturation with the
// web processes taking events while the workers run them — everything on
// this one machine, sharing its cores:
//   1 web + 1, 2 and 4 worker processes, and 2 web + 2 worker processes.
// Each case: BENCH_SCALE_EVENTS events offered as fast as 50 connections go
// (split over the webs), then wait for the last run. runs/s = runs ÷ (last
// run finished − first event received); accepted → succeeded latency from
// Event.receivedAt to Run.finishedAt in PostgreSQL. Also: peak RSS of the web
// and worker processes, and PostgreSQL rows and bytes per event.
// Options (env): BENCH_SCALE_EVENTS (3000), BENCH_CONCURRENCY (worker concurrency, 100: the default),
// BENCH_SCALE_CASES ("1x1,1x2,1x4,2x2" = webs x workers).
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildIfNeeded } from '../scripts/build';
import { waitFor } from '../tests/helpers/ports';
import {
  createBench,
  emitResult,
  pct,
  redisUrl,
  root,
  round,
  rssSampler,
  seedFlow,
  startWebProcess,
  startWorkerProcess,
  stop,
} from './support/harness';
import { threeStepGraph } from '../tests/helpers/fixture';
import { startTarget } from './support/target-server';

const events = Number(process.env.BENCH_SCALE_EVENTS ?? 3000);
const concurrency = process.env.BENCH_CONCURRENCY ?? '100';
const cases = (process.env.BENCH_SCALE_CASES ?? '1x1,1x2,1x4,2x2').split(',').map((c) => {
  const [webs, workers] = c.split('x').map(Number);
  return { webs: webs!, workers: workers! };
});

type CaseResult = {
  webs: number;
  workers: number;
  runs: number;
  failed: number;
  runsPerSecond: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  acceptedPerSecond: number | null;
  workerPeakRssMiB: number | null;
};

await buildIfNeeded(root);
const bench = await createBench('scale');
const target = await startTarget();
const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
const queue = new Queue('runs', { connection: redis, prefix: bench.prefix });
let seq = 0;

try {
  const sampler = rssSampler();
  const maxWebs = Math.max(...cases.map((c) => c.webs));
  const webs = [];
  for (let i = 0; i < maxWebs; i++) {
    const web = await startWebProcess((port) => bench.env(port, { WORKER_CONCURRENCY: concurrency }));
    sampler.watch(`web${i}`, web.child);
    webs.push(web);
  }
  const results: CaseResult[] = [];
  for (const c of cases) {
    const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
    const workers = await Promise.all(
      Array.from({ length: c.workers }, async (_, i) => {
        const child = await startWorkerProcess(bench.env(0, { WORKER_CONCURRENCY: concurrency }));
        sampler.watch(`worker-${c.webs}x${c.workers}-${i}`, child);
        return child;
      }),
    );
    await waitFor(async () => (await queue.getWorkersCount()) >= c.workers, {
      timeoutMs: 60_000,
      what: 'the workers to connect',
    });
    const started = Date.now();
    const per = Math.ceil(events / c.webs);
    const offered = await Promise.all(
      webs.slice(0, c.webs).map((web) =>
        autocannon({
          url: `${web.url}/hooks/${token}`,
          method: 'POST',
          connections: Math.ceil(50 / c.webs),
          amount: per,
          headers: { 'content-type': 'application/json' },
          // A new lead each time, as a form would send.
          requests: [
            {
              setupRequest: (req: object) => ({
                ...req,
                body: JSON.stringify({ email: `lead-${seq++}@example.test`, name: 'Ada Lovelace', message: 'Hello' }),
              }),
            },
          ],
        }),
      ),
    );
    const acceptSeconds = (Date.now() - started) / 1000;
    const accepted = offered.reduce((n: number, r: { '2xx': number }) => n + r['2xx'], 0);
    await waitFor(
      async () => {
        const r = await bench.client.query(
          `SELECT count(*)::int AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
          [flowId],
        );
        return r.rows[0].n >= accepted;
      },
      { timeoutMs: 300_000, intervalMs: 250, what: 'every run to finish' },
    );
    const rows = (
      await bench.client.query(
        `SELECT extract(epoch FROM r."finishedAt" - e."receivedAt") * 1000 AS ms, r.status::text AS status,
                extract(epoch FROM e."receivedAt") AS received, extract(epoch FROM r."finishedAt") AS finished
         FROM run r JOIN event e ON e.id = r."eventId" WHERE r."flowId" = $1`,
        [flowId],
      )
    ).rows as { ms: number; status: string; received: number; finished: number }[];
    const lat = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const span = Math.max(...rows.map((r) => Number(r.finished))) - Math.min(...rows.map((r) => Number(r.received)));
    const workerPeak = sampler.peak(`worker-${c.webs}x${c.workers}-`);
    await Promise.all(workers.map(stop));
    const res: CaseResult = {
      webs: c.webs,
      workers: c.workers,
      runs: rows.length,
      failed: rows.filter((r) => r.status !== 'succeeded').length,
      runsPerSecond: round(rows.length / span),
      p50Ms: round(pct(lat, 50)),
      p99Ms: round(pct(lat, 99)),
      acceptedPerSecond: round(accepted / acceptSeconds),
      workerPeakRssMiB: round(workerPeak),
    };
    results.push(res);
    console.error(`scale ${c.webs} web × ${c.workers} worker: ${res.runsPerSecond} runs/s`);
  }

  const cost = await costPerEvent();
  const rss = { webPeakMiB: round(sampler.peak('web')), workerPeakMiB: round(sampler.peak('worker')) };
  sampler.stop();

  console.log(
    `\nScale at saturation: ${events} events offered at once per case (50 connections), 3-step flow, worker concurrency ${concurrency}`,
  );
  console.log(
    '| webs | workers | runs | failed | runs/s | accepted → succeeded p50 ms | p99 ms | accepted/s while running | worker peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.webs} | ${r.workers} | ${r.runs} | ${r.failed} | ${r.runsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.acceptedPerSecond} | ${r.workerPeakRssMiB} |`,
    );
  }
  console.log(`\nCost per event (3-step flow, after ${cost.events} events; table + indexes, dead rows included)`);
  console.log('| table | rows per event | bytes per event |');
  console.log('|---|---|---|');
  for (const t of cost.tables) console.log(`| ${t.table} | ${t.rowsPerEvent} | ${t.bytesPerEvent} |`);
  console.log(`| total | ${cost.rowsPerEvent} | ${cost.bytesPerEvent} |`);
  console.log(`peak RSS: web ${rss.webPeakMiB} MiB, worker ${rss.workerPeakMiB} MiB`);
  console.log(`target calls: ${target.calls()}, distinct idempotency keys: ${target.keys.size}`);
  emitResult('scale', {
    events,
    concurrency: Number(concurrency),
    cases: results,
    cost,
    rss,
    targetCalls: target.calls(),
    distinctKeys: target.keys.size,
  });
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await queue.close().catch(() => {});
  redis.disconnect();
  await target.close();
  await bench.cleanup();
}

/** Rows and on-disk bytes (heap + indexes + TOAST) of the tables an event touches, per accepted event. */
async function costPerEvent() {
  const tables = ['event', 'run', 'step_run', 'contact', 'contact_activity', 'event_key'];
  const n = Number((await bench.client.query(`SELECT count(*) FROM event WHERE status = 'accepted'`)).rows[0].count);
  const out = [];
  for (const table of tables) {
    const r = await bench.client.query(
      `SELECT count(*)::bigint AS rows, pg_total_relation_size('${table}')::bigint AS bytes FROM ${table}`,
    );
    out.push({ table, rows: Number(r.rows[0].rows), bytes: Number(r.rows[0].bytes) });
  }
  return {
    events: n,
    tables: out.map((t) => ({ table: t.table, rowsPerEvent: round(t.rows / n, 2), bytesPerEvent: round(t.bytes / n) })),
    rowsPerEvent: round(out.reduce((s, t) => s + t.rows, 0) / n, 2),
    bytesPerEvent: round(out.reduce((s, t) => s + t.bytes, 0) / n),
  };
}
