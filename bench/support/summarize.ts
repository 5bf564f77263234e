// The headline figures of a bench run, picked from each part's output.
import { findTable, num, type PartOutput } from './parse-output';

type Fig = number | null;
export type Summary = {
  ingest?: { workerRunning?: Rate; workerNiced?: Rate; workerStopped?: Rate; webRssMiB?: Fig };
  floor?: Rate;
  e2eFixedRate?: { workers: Fig; offered: Fig; succeeded: Fig; p50Ms: Fig; p99Ms: Fig }[];
  e2eDrain?: { workers: Fig; runsPerSecond: Fig }[];
  scale?: { workers: number; cpus: string; runsPerSecond: Fig; ratio: Fig }[];
  scaleNote?: string;
  cost?: { webPeakRssMiB: Fig; workerPeakRssMiB: Fig; rowsPerEvent: Fig; bytesPerEvent: Fig };
  peer?: PeerMedian;
  latency?: Latency;
  pgbouncer?: Check & { pgbouncer: string; runsPerSecond: Fig };
  sentinel?: Check & { failoverSeconds: Fig; refused: Fig; ackMaxMs: Fig };
  search?: { events: number; rows: SearchRow[] };
};
type PeerMedian = {
  ingestRatio: Fig;
  deliveredRatio: Fig;
  switchboardPeakRssMiB: Fig;
  switchboardIdleRssMiB: Fig;
  nodeRedPeakRssMiB: Fig;
  switchboardAckP99Ms: Fig;
};
type Check = { accepted: number; succeeded: number; lost: number; doubled: number };
type Pcts = { p50Ms: Fig; p95Ms: Fig; p99Ms: Fig };
type Latency = {
  rate: number;
  ack: { load: string; acceptedPerSecond: Fig; ackP99Ms: Fig; backlogGrowthPerSecond: Fig; keptUp: boolean }[];
  open: { round: number; wholePath: Pcts; database: Pcts; lost: number }[];
};
type SearchRow = {
  kind: string;
  maxMatches: number;
  pageMedianMs: Fig;
  pageP95Ms: Fig;
  countMedianMs: Fig;
  countP95Ms: Fig;
};
type Rate = { acceptedPerSecond: Fig; p50Ms: Fig; p99Ms: Fig; non2xx: Fig };

export function summarize(parts: Record<string, PartOutput>): Summary {
  const s: Summary = {};
  const ingest = findTable(parts.ingest, 'case', 'accepted/s');
  if (ingest) {
    const row = (word: string) => ingest.rows.find((r) => r.case!.includes(word));
    const rate = (r?: Record<string, string>): Rate | undefined =>
      r && {
        acceptedPerSecond: num(r['accepted/s']),
        p50Ms: num(r['p50 ms']),
        p99Ms: num(r['p99 ms']),
        non2xx: num(r['non-2xx']),
      };
    s.ingest = {
      workerRunning: rate(ingest.rows.find((r) => r.case!.includes('running') && !r.case!.includes('nice'))),
      workerNiced: rate(row('nice')),
      workerStopped: rate(row('stopped')),
      webRssMiB: Math.max(...ingest.rows.map((r) => num(r['web RSS MiB']) ?? 0)),
    };
  }
  const floor = parts.floor?.results.floor as
    { acceptedPerSecond: Fig; p50Ms: Fig; p99Ms: Fig; non2xx: Fig } | undefined;
  if (floor)
    s.floor = {
      acceptedPerSecond: floor.acceptedPerSecond,
      p50Ms: floor.p50Ms,
      p99Ms: floor.p99Ms,
      non2xx: floor.non2xx,
    };
  const fixed = findTable(parts.e2e, 'workers', 'offered', 'p99 ms');
  if (fixed) {
    s.e2eFixedRate = fixed.rows.map((r) => ({
      workers: num(r.workers),
      offered: num(r.offered),
      succeeded: num(r.succeeded),
      p50Ms: num(r['p50 ms']),
      p99Ms: num(r['p99 ms']),
    }));
  }
  const drain = findTable(parts.e2e, 'workers', 'seconds', 'runs/s');
  if (drain) s.e2eDrain = drain.rows.map((r) => ({ workers: num(r.workers), runsPerSecond: num(r['runs/s']) }));
  const scale = parts.scale?.results.scale as
    | {
        pinNote?: string;
        cases: { workers: number; cpus?: string; runsPerSecond: Fig; ratio?: Fig }[];
        cost: { rowsPerEvent: Fig; bytesPerEvent: Fig };
        rss: { webPeakMiB: Fig; workerPeakMiB: Fig };
      }
    | undefined;
  if (scale) {
    s.scale = scale.cases.map(({ workers, cpus, runsPerSecond, ratio }) => ({
      workers,
      cpus: cpus ?? 'any',
      runsPerSecond,
      ratio: ratio ?? null,
    }));
    s.scaleNote = scale.pinNote;
    s.cost = {
      webPeakRssMiB: scale.rss.webPeakMiB,
      workerPeakRssMiB: scale.rss.workerPeakMiB,
      rowsPerEvent: scale.cost.rowsPerEvent,
      bytesPerEvent: scale.cost.bytesPerEvent,
    };
  }
  const peer = parts.peer?.results.peer as { median: PeerMedian } | undefined;
  if (peer) s.peer = peer.median;
  const latency = parts.latency?.results.latency as Latency | undefined;
  if (latency) s.latency = latency;
  s.pgbouncer = parts.pgbouncer?.results.pgbouncer as Summary['pgbouncer'];
  s.sentinel = parts.sentinel?.results.sentinel as Summary['sentinel'];
  const search = parts.search?.results.search as { events: number; rows: SearchRow[] } | undefined;
  if (search) s.search = { events: search.events, rows: search.rows };
  return s;
}

const f = (v: Fig | undefined) => (v === null || v === undefined ? '–' : String(v));

export function summaryMarkdown(s: Summary): string {
  const rows: [string, string][] = [];
  const rate = (label: string, r?: Rate) =>
    r &&
    rows.push([
      label,
      `${f(r.acceptedPerSecond)} accepted/s · ack p50 ${f(r.p50Ms)} ms · p99 ${f(r.p99Ms)} ms · non-2xx ${f(r.non2xx)}`,
    ]);
  rate('ingest, 50 conn × 20 s, worker running', s.ingest?.workerRunning);
  rate('ingest, 50 conn × 20 s, worker running at nice 10 (as npm start runs it)', s.ingest?.workerNiced);
  rate('ingest, 50 conn × 20 s, worker stopped', s.ingest?.workerStopped);
  rate('floor: plain http server, one INSERT per request', s.floor);
  if (s.ingest?.webRssMiB) rows.push(['web RSS under ingest load', `${s.ingest.webRssMiB} MiB`]);
  for (const r of s.e2eFixedRate ?? []) {
    rows.push([
      `3-step flow at ${f(r.offered)} events offered (constant rate), ${f(r.workers)} worker(s)`,
      `accepted → succeeded p50 ${f(r.p50Ms)} ms · p99 ${f(r.p99Ms)} ms (${f(r.succeeded)} succeeded)`,
    ]);
  }
  for (const r of s.e2eDrain ?? [])
    rows.push([
      `3-step flow, backlog drained by ${f(r.workers)} worker(s) (no ingest)`,
      `${f(r.runsPerSecond)} runs/s`,
    ]);
  for (const r of s.scale ?? []) {
    rows.push([
      `3-step flow, backlog drained by ${r.workers} worker process(es) (CPUs ${r.cpus})`,
      `${f(r.runsPerSecond)} runs/s · ${f(r.ratio)}× of 1 worker`,
    ]);
  }
  if (s.scaleNote) rows.push(['scale part pinning', s.scaleNote]);
  if (s.cost) {
    rows.push([
      'peak RSS (scale part)',
      `web ${f(s.cost.webPeakRssMiB)} MiB · worker ${f(s.cost.workerPeakRssMiB)} MiB`,
    ]);
    rows.push([
      'PostgreSQL per event (3-step flow)',
      `${f(s.cost.rowsPerEvent)} rows · ${f(s.cost.bytesPerEvent)} bytes`,
    ]);
  }
  if (s.peer) {
    rows.push([
      'vs Node-RED 4.1, same load, median of the pairs (Switchboard ÷ Node-RED)',
      `accepted/s ${f(s.peer.ingestRatio)}× · delivered end to end/s ${f(s.peer.deliveredRatio)}×`,
    ]);
    rows.push([
      'peak RSS under that load',
      `Switchboard web + worker ${f(s.peer.switchboardPeakRssMiB)} MiB (idle ${f(s.peer.switchboardIdleRssMiB)}) · Node-RED ${f(s.peer.nodeRedPeakRssMiB)} MiB`,
    ]);
    rows.push(['Switchboard ack p99 under that load', `${f(s.peer.switchboardAckP99Ms)} ms`]);
  }
  for (const r of s.latency?.ack ?? [])
    rows.push([
      `ack at ${r.load}, worker running`,
      `${f(r.acceptedPerSecond)} accepted/s · ack p99 ${f(r.ackP99Ms)} ms · backlog ${f(r.backlogGrowthPerSecond)}/s (${r.keptUp ? 'kept up' : 'did not keep up'})`,
    ]);
  for (const o of s.latency?.open ?? [])
    rows.push([
      `${s.latency!.rate}/s offered open loop, round ${o.round}: accepted → succeeded`,
      `whole path p50 ${f(o.wholePath.p50Ms)} · p95 ${f(o.wholePath.p95Ms)} · p99 ${f(o.wholePath.p99Ms)} ms; database p99 ${f(o.database.p99Ms)} ms; lost ${o.lost}`,
    ]);
  if (s.pgbouncer)
    rows.push([
      `through PgBouncer ${s.pgbouncer.pgbouncer}, transaction mode (start:web + 2 start:worker)`,
      `${s.pgbouncer.accepted} accepted · ${s.pgbouncer.succeeded} succeeded · ${f(s.pgbouncer.runsPerSecond)} runs/s · lost ${s.pgbouncer.lost} · doubled ${s.pgbouncer.doubled}`,
    ]);
  if (s.sentinel)
    rows.push([
      'through Redis Sentinel, SENTINEL FAILOVER under load',
      `new master after ${f(s.sentinel.failoverSeconds)} s · ${s.sentinel.accepted} accepted, ${f(s.sentinel.refused)} refused · ack max ${f(s.sentinel.ackMaxMs)} ms · lost ${s.sentinel.lost} · doubled ${s.sentinel.doubled}`,
    ]);
  for (const r of s.search?.rows ?? []) {
    rows.push([
      `runs search by ${r.kind} on ${s.search!.events.toLocaleString('en')} events (up to ${r.maxMatches} matches)`,
      `page of 50 median ${f(r.pageMedianMs)} ms · p95 ${f(r.pageP95Ms)} ms · count median ${f(r.countMedianMs)} ms · p95 ${f(r.countP95Ms)} ms`,
    ]);
  }
  return ['| figure | value |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
}
