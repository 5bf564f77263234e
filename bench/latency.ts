// Latency with the worker running: `npm run bench -- latency`. The 3-step flow
// (webhook → built-in CRM upsert → HTTP call to a local sink, every step
// durable), one web and one worker process, on a database and key prefix of
// its own.
// (a) Ack latency at 50 connections, closed loop (support/closed-loop.ts), with
//     the worker running: first unbounded (as fast as the answers come), then
//     capped at BENCH_LATENCY_KEEPUP_SHARE (0.8) of the runs/s the worker
//     finished during the unbounded load, so that it keeps up. For each: the
//     backlog (accepted events without a finished run) at the start and end,
//     and whether it grew.
// (b) Open loop: exactly BENCH_LATENCY_RATE (200) events/s for
//     BENCH_LATENCY_SECONDS (30), each request sent at its intended time
//     whether or not earlier ones were answered (support/constant-rate.ts), so
//     coordinated omission cannot hide latency; after a warm-up of
//     BENCH_LATENCY_WARMUP_SECONDS (5) at the same rate. Reported per round
//     (BENCH_LATENCY_ROUNDS, 1): intended send → the sink receives the flow's
//     HTTP call (the whole path, one clock: this process sends and is the
//     sink), event.receivedAt → run.finishedAt (PostgreSQL's timestamps), and
//     intended send → 2xx answer.
// Options (env): also BENCH_CONCURRENCY (worker concurrency, 100),
// BENCH_LATENCY_WORKER_NICE (0; npm start runs the worker at 10).
// Prints figures; asserts nothing about time.
import { setPriority } from 'node:os';
import { randomBytes } from 'node:crypto';
import { uuid7 } from '../lib/db/uuid7';
import { waitFor } from '../tests/helpers/ports';
import { closedLoop, type ClosedLoopResult } from './support/closed-loop';
import { constantRate } from './support/constant-rate';
import { createBench, emitResult, pct, round, seedFlow, startWebProcess, startWorkerProcess } from './support/harness';
import { threeStepGraph } from '../tests/helpers/fixture';
import { startTarget } from './support/target-server';

const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const rate = Number(process.env.BENCH_LATENCY_RATE ?? 200);
const warmupSeconds = Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_LATENCY_ROUNDS ?? 1);
const keepUpShare = Number(process.env.BENCH_LATENCY_KEEPUP_SHARE ?? 0.8);
const workerNice = Number(process.env.BENCH_LATENCY_WORKER_NICE ?? 0);
const concurrency = process.env.BENCH_CONCURRENCY ?? '100';
const connections = 50;
const id = randomBytes(3).toString('hex');

type Percentiles = {
  n: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
};
const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50Ms: round(pct(s, 50), 1),
    p95Ms: round(pct(s, 95), 1),
    p99Ms: round(pct(s, 99), 1),
    maxMs: round(s.at(-1) ?? NaN, 1),
  };
};

// Intended send time of each lead (by e-mail), and when the sink got its HTTP call.
const dueAt = new Map<string, number>();
const arrivals = new Map<string, number[]>();
const target = await startTarget({
  onBody(body, at) {
    try {
      const email = (JSON.parse(body) as { email?: string }).email;
      if (email) arrivals.set(email, [...(arrivals.get(email) ?? []), at]);
    } catch {
      // Not one of ours.
    }
  },
});
const bench = await createBench('latency');
let seq = 0;
const lead = (phase: string) => `lat-${id}-${phase}-${seq++}@example.test`;
const body = (email: string) => JSON.stringify({ email, name: 'Ada Lovelace', message: 'Hello' });

async function backlog(flowId: string): Promise<number> {
  const r = await bench.client.query(
    `SELECT (SELECT count(*) FROM event WHERE "flowId" = $1 AND status = 'accepted')
          - (SELECT count(*) FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')) AS n`,
    [flowId],
  );
  return Number(r.rows[0].n);
}
const finished = async (flowId: string) =>
  Number(
    (
      await bench.client.query(
        `SELECT count(*) AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
        [flowId],
      )
    ).rows[0].n,
  );
const drain = (flowId: string, what: string) =>
  waitFor(async () => (await backlog(flowId)) <= 0, { timeoutMs: 900_000, intervalMs: 500, what });

type AckRow = {
  load: string;
  acceptedPerSecond: number | null;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  non2xx: number;
  runsFinishedPerSecond: number | null;
  backlogStart: number;
  backlogEnd: number;
  backlogGrowthPerSecond: number | null;
  keptUp: boolean;
};

async function ackCase(flowId: string, url: string, label: string, capRate?: number): Promise<AckRow> {
  const b0 = await backlog(flowId);
  const f0 = await finished(flowId);
  const r: ClosedLoopResult = await closedLoop({
    url,
    connections,
    seconds,
    rate: capRate,
    body: () => body(lead('ack')),
  });
  const b1 = await backlog(flowId);
  const f1 = await finished(flowId);
  const lat = [...r.latenciesMs].sort((a, b) => a - b);
  // Kept up: what was waiting at the end is no more than a second of the worker's pace.
  const runsPerSecond = (f1 - f0) / seconds;
  return {
    load: label,
    acceptedPerSecond: round(r.ok / seconds),
    ackP50Ms: round(pct(lat, 50), 1),
    ackP99Ms: round(pct(lat, 99), 1),
    non2xx: r.non2xx + r.errors,
    runsFinishedPerSecond: round(runsPerSecond),
    backlogStart: b0,
    backlogEnd: b1,
    backlogGrowthPerSecond: round((b1 - b0) / seconds),
    keptUp: b1 - b0 <= Math.max(runsPerSecond, Number(concurrency)),
  };
}

type OpenRound = {
  round: number;
  offered: number;
  accepted: number;
  non2xx: number;
  wholePath: Percentiles;
  database: Percentiles;
  ack: Percentiles;
  lost: number;
  doubled: number;
};

async function openLoop(flowId: string, url: string, n: number): Promise<OpenRound> {
  await constantRate({ url, rate, seconds: warmupSeconds, body: () => body(lead('warm')) });
  await drain(flowId, 'the warm-up runs to finish');
  const mark = uuid7();
  const emails: string[] = [];
  const res = await constantRate({
    url,
    rate,
    seconds,
    body: (due) => {
      const email = lead(`open${n}`);
      dueAt.set(email, due);
      emails.push(email);
      return body(email);
    },
  });
  await drain(flowId, 'the offered runs to finish');
  // A run succeeds only after the sink answered its HTTP call, so every call has arrived.
  const whole: number[] = [];
  let lost = 0;
  let doubled = 0;
  for (const email of emails) {
    const got = arrivals.get(email);
    if (!got) lost++;
    else {
      whole.push(got[0]! - dueAt.get(email)!);
      doubled += got.length - 1;
    }
  }
  const rows = (
    await bench.client.query(
      `SELECT extract(epoch FROM r."finishedAt" - e."receivedAt") * 1000 AS ms
       FROM event e JOIN run r ON r."originKey" = e.id::text
       WHERE e."flowId" = $1 AND e.id > $2::uuid AND r.status = 'succeeded'`,
      [flowId, mark],
    )
  ).rows as { ms: string }[];
  return {
    round: n,
    offered: res.sent,
    accepted: res.ok,
    non2xx: res.non2xx + res.errors,
    wholePath: percentiles(whole),
    database: percentiles(rows.map((r) => Number(r.ms))),
    ack: percentiles(res.latenciesMs),
    // Accepted but never delivered (a refused request is not counted: its sender knows).
    lost: Math.max(0, lost - (res.non2xx + res.errors)),
    doubled,
  };
}

try {
  const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
  const web = await startWebProcess((port) => bench.env(port, { WORKER_CONCURRENCY: concurrency }));
  const worker = await startWorkerProcess(bench.env(0, { WORKER_CONCURRENCY: concurrency }));
  if (workerNice) setPriority(worker.pid!, workerNice);
  const url = `${web.url}/hooks/${token}`;
  // Warm both processes (module loading, first plans) before anything is measured.
  await constantRate({ url, rate, seconds: warmupSeconds, body: () => body(lead('warm')) });
  await drain(flowId, 'the first warm-up runs to finish');

  const open: OpenRound[] = [];
  for (let n = 1; n <= rounds; n++) {
    open.push(await openLoop(flowId, url, n));
    console.error(`latency: open-loop round ${n} done`);
  }

  const full = await ackCase(flowId, url, `${connections} connections, unbounded`);
  console.error('latency: unbounded closed loop done; draining');
  await drain(flowId, 'the backlog of the unbounded load to drain');
  const cap = Math.max(1, Math.floor((full.runsFinishedPerSecond ?? 0) * keepUpShare));
  const capped = await ackCase(flowId, url, `${connections} connections, capped at ${cap}/s`, cap);
  await drain(flowId, 'the backlog of the capped load to drain');

  console.log(
    `\nAck latency, closed loop, ${connections} connections × ${seconds} s, worker running (nice ${workerNice}, concurrency ${concurrency}); backlog = accepted events without a finished run`,
  );
  console.log(
    '| load | accepted/s | ack p50 ms | ack p99 ms | non-2xx | runs finished/s | backlog at start | backlog at end | backlog growth/s | worker kept up |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of [full, capped])
    console.log(
      `| ${r.load} | ${r.acceptedPerSecond} | ${r.ackP50Ms} | ${r.ackP99Ms} | ${r.non2xx} | ${r.runsFinishedPerSecond} | ${r.backlogStart} | ${r.backlogEnd} | ${r.backlogGrowthPerSecond} | ${r.keptUp ? 'yes' : 'no'} |`,
    );
  console.log(
    `\nOpen loop: ${rate} events/s offered at fixed intended send times for ${seconds} s (after ${warmupSeconds} s warm-up); whole path = intended send → the sink receives the flow's HTTP call; database = event.receivedAt → run.finishedAt`,
  );
  console.log('| round | measure | n | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const o of open) {
    for (const [label, p] of [
      ['whole path', o.wholePath],
      ['database', o.database],
      ['ack (intended send → 2xx)', o.ack],
    ] as const)
      console.log(`| ${o.round} | ${label} | ${p.n} | ${p.p50Ms} | ${p.p95Ms} | ${p.p99Ms} | ${p.maxMs} |`);
  }
  for (const o of open)
    console.log(
      `round ${o.round}: offered ${o.offered}, accepted ${o.accepted}, refused or failed ${o.non2xx}, lost ${o.lost}, delivered twice ${o.doubled}`,
    );
  emitResult('latency', {
    seconds,
    rate,
    connections,
    workerNice,
    concurrency: Number(concurrency),
    ack: [full, capped],
    open,
  });
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await target.close();
  await bench.cleanup();
}
