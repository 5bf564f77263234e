// Scale-out: `npm run bench -- scale`. The 3-step flow (webhook → built-in
// CRM upsert → HTTP call to a local sink) run by 1, 2 and 4 worker processes
// (BENCH_SCALE_WORKERS), with the web and each worker started as a process
// group of its own against one PostgreSQL and one Redis, as separate machines
// would run them.
// Each case: BENCH_SCALE_EVENTS (8000) events are accepted through the web
// process with no worker running, then the workers start and drain them;
// runs/s = runs ÷ (last run finished − first run created), so ingest and
// worker start-up are not counted and the figure is the workers' alone.
// Pinning (Linux, taskset): the web process gets the first CPU this process
// may use; the workers get one CPU each from the rest while there are enough,
// else they are spread over all CPUs round-robin and the output says which
// share a CPU. PostgreSQL, Redis and the sink are not pinned (they may be other
// machines'). Also: peak RSS, and PostgreSQL rows and bytes per event.
// Options (env): BENCH_SCALE_EVENTS (8000), BENCH_SCALE_WORKERS ("1,2,4"),
// BENCH_CONCURRENCY (worker concurrency, 100: the default), BENCH_SCALE_PIN (1; 0 = no taskset).
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { buildIfNeeded } from '../scripts/build';
import { waitFor } from '../tests/helpers/ports';
import {
  allowedCpus,
  cpuMs,
  createBench,
  emitResult,
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

const events = Number(process.env.BENCH_SCALE_EVENTS ?? 8000);
const concurrency = process.env.BENCH_CONCURRENCY ?? '100';
const workerCounts = (process.env.BENCH_SCALE_WORKERS ?? '1,2,4').split(',').map(Number);
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const pin = process.env.BENCH_SCALE_PIN !== '0' && hasTaskset;
const cpus = allowedCpus();

/** Which CPU the web and each of `n` workers get, and whether every worker has one to itself. */
function placement(n: number): { web: number; workers: number[]; ownCores: boolean } {
  const web = cpus[0]!;
  const rest = cpus.slice(1);
  // The web is idle while the workers drain, so on a small machine its CPU is used too.
  const pool = rest.length >= n ? rest : cpus;
  return { web, workers: Array.from({ length: n }, (_, i) => pool[i % pool.length]!), ownCores: rest.length >= n };
}

type CaseResult = {
  webs: number;
  workers: number;
  cpus: string;
  ownCores: boolean;
  runs: number;
  failed: number;
  seconds: number | null;
  runsPerSecond: number | null;
  perWorker: number | null;
  ratio: number | null;
  workerCpuPercent: number | null;
  workerPeakRssMiB: number | null;
};

await buildIfNeeded(root);
const bench = await createBench('scale');
const target = await startTarget();
// The processes are groups of their own, so a Ctrl-C does not reach them: stop them here.
process.once('SIGINT', () => void bench.cleanup().finally(() => process.exit(130)));
let seq = 0;

try {
  const sampler = rssSampler();
  const maxWorkers = Math.max(...workerCounts);
  const pinNote = pin
    ? `pinned with taskset; ${cpus.length} CPU(s) allowed (${cpus.join(',')}): web on ${placement(1).web}, ` +
      (placement(maxWorkers).ownCores
        ? 'each worker on a CPU of its own'
        : `only ${Math.max(0, cpus.length - 1)} CPU(s) besides the web's, so from ${cpus.length} workers on they share CPUs (with the idle web's too): figures above ${cpus.length - 1 || 1} worker(s) show the machine, not scaling`)
    : hasTaskset
      ? 'not pinned (BENCH_SCALE_PIN=0)'
      : 'not pinned (no taskset on this machine)';
  console.error(`scale: ${pinNote}`);
  const web = await startWebProcess((port) => bench.env(port, { WORKER_CONCURRENCY: concurrency }), {
    cpus: pin ? String(placement(1).web) : undefined,
    detached: true,
  });
  sampler.watch('web', web.child);
  const results: CaseResult[] = [];
  for (const n of workerCounts) {
    const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
    const offered = await autocannon({
      url: `${web.url}/hooks/${token}`,
      method: 'POST',
      connections: 50,
      amount: events,
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
    });
    const accepted = offered['2xx'] as number;
    const place = placement(n);
    const workers = await Promise.all(
      place.workers.map(async (cpu, i) => {
        const child = await startWorkerProcess(bench.env(0, { WORKER_CONCURRENCY: concurrency }), {
          cpus: pin ? String(cpu) : undefined,
          detached: true,
        });
        sampler.watch(`worker-${n}-${i}`, child);
        return child;
      }),
    );
    // Worker CPU counts from the first run created: start-up (loading modules) is not per run.
    await waitFor(
      async () => (await bench.client.query(`SELECT 1 FROM run WHERE "flowId" = $1 LIMIT 1`, [flowId])).rows.length > 0,
      { timeoutMs: 120_000, intervalMs: 10, what: 'the first run' },
    );
    const cpu0 = workers.reduce((sum, w) => sum + cpuMs(w.pid), 0);
    await waitFor(
      async () => {
        const r = await bench.client.query(
          `SELECT count(*)::int AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
          [flowId],
        );
        return r.rows[0].n >= accepted;
      },
      { timeoutMs: 900_000, intervalMs: 200, what: 'every run to finish' },
    );
    const cpu1 = workers.reduce((sum, w) => sum + cpuMs(w.pid), 0);
    const r = (
      await bench.client.query(
        `SELECT extract(epoch FROM max("finishedAt") - min("createdAt"))::float AS s, count(*)::int AS n,
                count(*) FILTER (WHERE status <> 'succeeded')::int AS failed
         FROM run WHERE "flowId" = $1`,
        [flowId],
      )
    ).rows[0] as { s: number; n: number; failed: number };
    const workerPeak = sampler.peak(`worker-${n}-`);
    await Promise.all(workers.map(stop));
    const runsPerSecond = r.n / r.s;
    const first = results[0]?.runsPerSecond;
    const res: CaseResult = {
      webs: 1,
      workers: n,
      cpus: pin ? place.workers.join(',') : 'any',
      ownCores: pin && place.ownCores,
      runs: r.n,
      failed: r.failed,
      seconds: round(r.s, 2),
      runsPerSecond: round(runsPerSecond),
      perWorker: round(runsPerSecond / n),
      ratio: first ? round(runsPerSecond / first, 2) : 1,
      workerCpuPercent: round(((cpu1 - cpu0) / (r.s * 1000)) * 100),
      workerPeakRssMiB: round(workerPeak),
    };
    results.push(res);
    console.error(`scale: ${n} worker(s): ${res.runsPerSecond} runs/s`);
  }

  const cost = await costPerEvent();
  const rss = { webPeakMiB: round(sampler.peak('web')), workerPeakMiB: round(sampler.peak('worker')) };
  sampler.stop();

  console.log(
    `
Scale-out: a backlog of ${events} events (3-step flow) drained by 1 web + N worker processes, each a process group of its own, one PostgreSQL and one Redis; worker concurrency ${concurrency}; ${pinNote}`,
  );
  console.log(
    '| workers | worker CPUs | own CPU each | runs | failed | seconds | runs/s | runs/s per worker | ratio to 1 worker | worker CPU % (sum) | worker peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.workers} | ${r.cpus} | ${r.ownCores ? 'yes' : 'no'} | ${r.runs} | ${r.failed} | ${r.seconds} | ${r.runsPerSecond} | ${r.perWorker} | ${r.ratio} | ${r.workerCpuPercent} | ${r.workerPeakRssMiB} |`,
    );
  }
  console.log(`
Cost per event (3-step flow, after ${cost.events} events; table + indexes, dead rows included)`);
  console.log('| table | rows per event | bytes per event |');
  console.log('|---|---|---|');
  for (const t of cost.tables) console.log(`| ${t.table} | ${t.rowsPerEvent} | ${t.bytesPerEvent} |`);
  console.log(`| total | ${cost.rowsPerEvent} | ${cost.bytesPerEvent} |`);
  console.log(`peak RSS: web ${rss.webPeakMiB} MiB, worker ${rss.workerPeakMiB} MiB`);
  console.log(`target calls: ${target.calls()}, distinct idempotency keys: ${target.keys.size}`);
  emitResult('scale', {
    events,
    concurrency: Number(concurrency),
    cpus: cpus.length,
    pinned: pin,
    pinNote,
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
