// Side by side with a peer: `npm run bench -- peer`. Node-RED 4.1 — the fastest
// thing a user would pick instead — answers 200 at once and persists nothing
// (http in → http response, and http request out to the sink). Switchboard runs
// the 3-step flow (webhook → built-in CRM upsert → HTTP call to the same sink)
// with every step durable. Same load tool for both: autocannon, closed loop,
// 50 connections, JSON bodies, BENCH_PEER_SECONDS (30) each, in alternating pairs
// (BENCH_PEER_PAIRS, 3) so a drift of the machine hits both alike.
// Per round: accepted/s and ack p99 (the load tool's), delivered/s (calls the sink
// received during the load window ÷ its length: end to end, as a user would count
// it), idle and peak RSS (Node-RED: its one process; Switchboard: web + worker,
// summed at each sample), and for Switchboard whether every accepted event
// reached the sink exactly once after the backlog drained.
// Node-RED is installed once into a folder of the OS temp dir
// (BENCH_NODE_RED_DIR to choose another; nothing of it is committed).
// BENCH_SWITCHBOARD_NODE_OPTIONS passes flags to Switchboard's processes only.
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '../tests/helpers/ports';
import {
  createBench,
  emitResult,
  rssMiB,
  round,
  seedFlow,
  startWebProcess,
  startWorkerProcess,
  stop,
} from './support/harness';
import { threeStepGraph } from '../tests/helpers/fixture';
import { startTarget } from './support/target-server';

const NODE_RED_VERSION = '~4.1.0';
const seconds = Number(process.env.BENCH_PEER_SECONDS ?? 30);
const pairs = Number(process.env.BENCH_PEER_PAIRS ?? 3);
const connections = 50;
// Extra Node/V8 flags for Switchboard's processes only, for trying memory settings.
const sbFlags = process.env.BENCH_SWITCHBOARD_NODE_OPTIONS
  ? { NODE_OPTIONS: process.env.BENCH_SWITCHBOARD_NODE_OPTIONS }
  : undefined;
const redDir = process.env.BENCH_NODE_RED_DIR ?? path.join(os.tmpdir(), 'switchboard-bench-node-red-4.1');

type Round = {
  peer: 'node-red' | 'switchboard';
  pair: number;
  acceptedPerSecond: number | null;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  non2xx: number;
  deliveredPerSecond: number | null;
  idleRssMiB: number | null;
  peakRssMiB: number | null;
  webPeakRssMiB?: number | null;
  workerPeakRssMiB?: number | null;
  lost?: number;
  doubled?: number;
};

/** Node-RED installed into its own folder once; the path of its start script. */
function installNodeRed(): string {
  const red = path.join(redDir, 'node_modules/node-red/red.js');
  if (existsSync(red)) return red;
  mkdirSync(redDir, { recursive: true });
  writeFileSync(path.join(redDir, 'package.json'), '{"name":"bench-node-red","private":true}\n');
  console.error(`peer: installing node-red@${NODE_RED_VERSION} into ${redDir}`);
  execFileSync('npm', ['install', `node-red@${NODE_RED_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: redDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return red;
}

/** http in (POST /hook) → http response 200, and → http request POST <sink>/leads (keep-alive). */
function nodeRedFlows(sinkUrl: string) {
  return [
    { id: 'bench', type: 'tab', label: 'bench' },
    {
      id: 'in',
      type: 'http in',
      z: 'bench',
      url: '/hook',
      method: 'post',
      upload: false,
      wires: [['answer', 'out']],
    },
    { id: 'answer', type: 'http response', z: 'bench', statusCode: '200', headers: {}, wires: [] },
    {
      id: 'out',
      type: 'http request',
      z: 'bench',
      method: 'POST',
      ret: 'txt',
      paytoqs: 'ignore',
      url: `${sinkUrl}/leads`,
      persist: true,
      senderr: false,
      headers: [],
      wires: [[]],
    },
  ];
}

async function startNodeRed(red: string, sinkUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const userDir = path.join(redDir, 'user');
  mkdirSync(userDir, { recursive: true });
  const port = await freePort();
  writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(nodeRedFlows(sinkUrl)));
  writeFileSync(
    path.join(userDir, 'settings.js'),
    `module.exports = { uiHost: '127.0.0.1', uiPort: ${port}, flowFile: 'flows.json', logging: { console: { level: 'warn' } } };\n`,
  );
  const child = spawn(process.execPath, [red, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], {
    cwd: redDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/hook`, { method: 'OPTIONS' }).catch(() => null)) !== null, {
    timeoutMs: 60_000,
    what: 'Node-RED to listen',
  });
  return { child, url };
}

/** Peak of the summed RSS of `children` (and of each), sampled every 250 ms until `done()` is called. */
function sumSampler(children: ChildProcess[]) {
  const each = children.map((c) => rssMiB(c.pid));
  const sum = () =>
    children.reduce((s, c, i) => {
      const m = rssMiB(c.pid);
      each[i] = Math.max(each[i]!, m);
      return s + m;
    }, 0);
  let peak = sum();
  const timer = setInterval(() => (peak = Math.max(peak, sum())), 250);
  return {
    now: sum,
    done() {
      clearInterval(timer);
      return { peak: Math.max(peak, sum()), each: each.map((m) => round(m)) };
    },
  };
}

let seq = 0;
async function load(url: string) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: object) => ({
          ...req,
          body: JSON.stringify({ email: `lead-${seq++}@example.test`, name: 'Ada Lovelace', message: 'Hello' }),
        }),
      },
    ],
  });
  return {
    accepted: r['2xx'] as number,
    acceptedPerSecond: round((r['2xx'] as number) / seconds),
    ackP50Ms: round(r.latency.p50 as number, 1),
    ackP99Ms: round(r.latency.p99 as number, 1),
    non2xx: (r.non2xx as number) + (r.errors as number),
  };
}

const red = installNodeRed();
const redVersion = (
  JSON.parse(readFileSync(path.join(redDir, 'node_modules/node-red/package.json'), 'utf8')) as { version: string }
).version;
const bench = await createBench('peer');
const target = await startTarget();
const rounds: Round[] = [];

async function roundNodeRed(pair: number) {
  const { child, url } = await startNodeRed(red, target.url);
  await new Promise((r) => setTimeout(r, 2000));
  const rss = sumSampler([child]);
  const idle = rss.now();
  const before = target.calls();
  const l = await load(`${url}/hook`);
  const delivered = target.calls() - before;
  const { peak } = rss.done();
  await stop(child);
  rounds.push({
    peer: 'node-red',
    pair,
    acceptedPerSecond: l.acceptedPerSecond,
    ackP50Ms: l.ackP50Ms,
    ackP99Ms: l.ackP99Ms,
    non2xx: l.non2xx,
    deliveredPerSecond: round(delivered / seconds),
    idleRssMiB: round(idle),
    peakRssMiB: round(peak),
  });
}

async function roundSwitchboard(pair: number) {
  const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
  const web = await startWebProcess((port) => bench.env(port, sbFlags));
  const worker = await startWorkerProcess(bench.env(0, sbFlags));
  await new Promise((r) => setTimeout(r, 2000));
  const rss = sumSampler([web.child, worker]);
  const idle = rss.now();
  const before = target.calls();
  const keysBefore = target.keys.size;
  const l = await load(`${web.url}/hooks/${token}`);
  const delivered = target.calls() - before;
  // Drain the backlog, then count: every accepted event reaches the sink exactly once.
  await waitFor(
    async () => {
      const r = await bench.client.query(
        `SELECT count(*)::int AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
        [flowId],
      );
      return r.rows[0].n >= l.accepted;
    },
    { timeoutMs: 600_000, intervalMs: 500, what: 'the backlog to drain' },
  );
  const { peak, each } = rss.done();
  const calls = target.calls() - before;
  const distinct = target.keys.size - keysBefore;
  await Promise.all([stop(web.child), stop(worker)]);
  rounds.push({
    peer: 'switchboard',
    pair,
    acceptedPerSecond: l.acceptedPerSecond,
    ackP50Ms: l.ackP50Ms,
    ackP99Ms: l.ackP99Ms,
    non2xx: l.non2xx,
    deliveredPerSecond: round(delivered / seconds),
    idleRssMiB: round(idle),
    peakRssMiB: round(peak),
    webPeakRssMiB: each[0],
    workerPeakRssMiB: each[1],
    lost: Math.max(0, l.accepted - distinct),
    doubled: calls - distinct,
  });
}

const median = (xs: (number | null)[]) => {
  const s = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : null;
};

try {
  for (let pair = 1; pair <= pairs; pair++) {
    await roundNodeRed(pair);
    console.error(`peer: pair ${pair} node-red done`);
    await roundSwitchboard(pair);
    console.error(`peer: pair ${pair} switchboard done`);
  }
  const ratios = Array.from({ length: pairs }, (_, i) => {
    const nr = rounds.find((r) => r.peer === 'node-red' && r.pair === i + 1)!;
    const sb = rounds.find((r) => r.peer === 'switchboard' && r.pair === i + 1)!;
    return {
      pair: i + 1,
      ingest: round((sb.acceptedPerSecond ?? 0) / (nr.acceptedPerSecond || 1), 2),
      delivered: round((sb.deliveredPerSecond ?? 0) / (nr.deliveredPerSecond || 1), 2),
    };
  });
  console.log(
    `\nPeer: Node-RED ${redVersion} (http in → response + http request, nothing persisted) vs Switchboard (webhook → CRM → HTTP, every step durable); ${connections} connections × ${seconds} s each, ${pairs} alternating pairs`,
  );
  console.log(
    '| pair | peer | accepted/s | ack p50 ms | ack p99 ms | non-2xx | delivered/s | idle RSS MiB | peak RSS MiB | web / worker peak MiB | lost | doubled |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rounds)
    console.log(
      `| ${r.pair} | ${r.peer} | ${r.acceptedPerSecond} | ${r.ackP50Ms} | ${r.ackP99Ms} | ${r.non2xx} | ${r.deliveredPerSecond} | ${r.idleRssMiB} | ${r.peakRssMiB} | ${r.webPeakRssMiB ?? '–'} / ${r.workerPeakRssMiB ?? '–'} | ${r.lost ?? '–'} | ${r.doubled ?? '–'} |`,
    );
  console.log('\nSwitchboard ÷ Node-RED, same pair');
  console.log('| pair | accepted/s ratio | delivered/s ratio |');
  console.log('|---|---|---|');
  for (const r of ratios) console.log(`| ${r.pair} | ${r.ingest} | ${r.delivered} |`);
  emitResult('peer', {
    nodeRed: redVersion,
    seconds,
    connections,
    rounds,
    ratios,
    median: {
      ingestRatio: median(ratios.map((r) => r.ingest)),
      deliveredRatio: median(ratios.map((r) => r.delivered)),
      switchboardPeakRssMiB: median(rounds.filter((r) => r.peer === 'switchboard').map((r) => r.peakRssMiB)),
      switchboardIdleRssMiB: median(rounds.filter((r) => r.peer === 'switchboard').map((r) => r.idleRssMiB)),
      nodeRedPeakRssMiB: median(rounds.filter((r) => r.peer === 'node-red').map((r) => r.peakRssMiB)),
      switchboardAckP99Ms: median(rounds.filter((r) => r.peer === 'switchboard').map((r) => r.ackP99Ms)),
    },
  });
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await target.close();
  await bench.cleanup();
}
