import { env } from '../env';
import { sharedProducer } from '../queue/redis';

// System-wide counters shared by every web and worker process: each process
// adds to an in-memory map (nothing more on the hot path) and flushes it to
// one Redis hash about once a second with a single pipelined HINCRBY batch,
// so a scrape of any web instance (/metrics) sees the whole system. Field
// names are the Prometheus series themselves (`name{label="value"}`). If
// Redis is away the counts wait in memory for the next flush; counts of a
// process killed within its last second are lost — these are metrics, not
// records (PostgreSQL holds those).

const FLUSH_MS = 1000;
const pending = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;

export const metricsHashKey = () => `${env().QUEUE_PREFIX}:metrics`;

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** `name{a="x",b="y"}` */
export function series(name: string, labels: Record<string, string | number> = {}): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escape(String(v))}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** Adds `n` to a counter series; never waits and never throws. */
export function countMetric(name: string, labels: Record<string, string | number> = {}, n = 1): void {
  add(series(name, labels), n);
}

function add(key: string, n: number) {
  if (!n) return;
  pending.set(key, (pending.get(key) ?? 0) + n);
  schedule();
}

/** Histogram buckets (seconds) of step durations: a fast API call to a slow vendor. */
export const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** One step execution: its duration by type, and a retry when one was scheduled. */
export function observeStep(type: string, seconds: number, outcome: 'succeeded' | 'retrying' | 'failed'): void {
  const k = stepSeries(type);
  STEP_BUCKETS.forEach((le, i) => seconds <= le && add(k.buckets[i]!, 1));
  add(k.inf, 1);
  add(k.sum, seconds);
  add(k.count, 1);
  add(k[outcome], 1);
  if (outcome === 'retrying') add(k.retries, 1);
}

// A step's series names, built once per step type (this runs for every step).
const stepSeriesByType = new Map<string, ReturnType<typeof buildStepSeries>>();
const stepSeries = (type: string) =>
  stepSeriesByType.get(type) ?? stepSeriesByType.set(type, buildStepSeries(type)).get(type)!;

function buildStepSeries(type: string) {
  const name = 'switchboard_step_duration_seconds';
  return {
    buckets: STEP_BUCKETS.map((le) => series(`${name}_bucket`, { type, le })),
    inf: series(`${name}_bucket`, { type, le: '+Inf' }),
    sum: series(`${name}_sum`, { type }),
    count: series(`${name}_count`, { type }),
    succeeded: series('switchboard_steps_total', { type, outcome: 'succeeded' }),
    retrying: series('switchboard_steps_total', { type, outcome: 'retrying' }),
    failed: series('switchboard_steps_total', { type, outcome: 'failed' }),
    retries: series('switchboard_step_retries_total', { type }),
  };
}

function schedule() {
  if (timer) return;
  timer = setTimeout(() => void flushMetrics(), FLUSH_MS);
  timer.unref();
}

/** Writes the pending counts to Redis (also called on shutdown and by tests). */
export async function flushMetrics(): Promise<void> {
  timer = undefined;
  if (pending.size === 0) return;
  const redis = sharedProducer();
  if (redis.status !== 'ready') return schedule();
  const batch = [...pending];
  pending.clear();
  const key = metricsHashKey();
  const pipe = redis.pipeline();
  for (const [field, n] of batch) {
    if (Number.isInteger(n)) pipe.hincrby(key, field, n);
    else pipe.hincrbyfloat(key, field, n);
  }
  try {
    const results = (await pipe.exec()) ?? [];
    // Anything not written goes back for the next flush.
    batch.forEach(([field, n], i) => {
      if (!results[i] || results[i]![0]) pending.set(field, (pending.get(field) ?? 0) + n);
    });
  } catch {
    for (const [field, n] of batch) pending.set(field, (pending.get(field) ?? 0) + n);
  }
  if (pending.size) schedule();
}
