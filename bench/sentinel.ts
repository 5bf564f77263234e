// Through Redis Sentinel, with a failover under load: `npm run bench -- sentinel`
// (not in the default bench). Skips, saying so, without redis-server.
// Starts a Redis master and a replica and three Sentinels (quorum 2) on free
// ports of 127.0.0.1, then start:web and start:worker with
//   REDIS_SENTINELS=127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3  REDIS_SENTINEL_NAME=sb
//   REDIS_URL=redis://sentinel-master.invalid:6379  (a host that does not exist:
//   only the Sentinels can lead the processes to Redis)
// and offers the 3-step flow (webhook → CRM → HTTP) at BENCH_SENTINEL_RATE (200)
// events/s, open loop, for BENCH_SENTINEL_SECONDS (30). A third of the way in,
// SENTINEL FAILOVER promotes the replica. Then: every accepted event reached
// the sink exactly once, how long the Sentinels took to name the new master,
// and what the senders saw meanwhile (refusals, ack latency).
import { waitFor } from '../tests/helpers/ports';
import { redisClient, startSentinels } from '../tests/helpers/sentinel';
import { constantRate } from './support/constant-rate';
import { threeStepGraph } from '../tests/helpers/fixture';
import { createBench, emitResult, pct, round, seedFlow } from './support/harness';
import { installed, startScript, stopGroup } from './support/start-script';
import { startTarget } from './support/target-server';

const seconds = Number(process.env.BENCH_SENTINEL_SECONDS ?? 30);
const rate = Number(process.env.BENCH_SENTINEL_RATE ?? 200);
const NAME = 'sb';

if (!installed('redis-server')) {
  console.log('sentinel: skipped — redis-server is not installed (Debian: apt-get install -y redis-server)');
  process.exit(0);
}

const bench = await createBench('sentinel');
const target = await startTarget();
let stopSentinels = async () => {};
try {
  const topo = await startSentinels(NAME);
  stopSentinels = topo.stop;
  const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
  const env = (port: number) =>
    bench.env(port, {
      REDIS_URL: 'redis://sentinel-master.invalid:6379',
      REDIS_SENTINELS: topo.sentinelsEnv,
      REDIS_SENTINEL_NAME: NAME,
    });
  const web = await startScript('web', env);
  const worker = await startScript('worker', env);
  // The queue lives on the master the Sentinels named: the worker is connected there.
  const onMaster = redisClient(topo.master);
  await onMaster.connect();
  await waitFor(async () => (await onMaster.keys(`${bench.prefix}:*`)).length > 0, {
    timeoutMs: 60_000,
    what: "the app's queue keys on the master",
  });
  onMaster.disconnect();

  let failover: { startedAt: number; seconds: number | null; newMaster: number | null } | undefined;
  const failoverAt = setTimeout(
    () => {
      const s = redisClient(topo.sentinels[0]!);
      const startedAt = performance.now();
      failover = { startedAt, seconds: null, newMaster: null };
      void s
        .connect()
        .then(() => s.call('SENTINEL', 'FAILOVER', NAME))
        .then(() =>
          waitFor(
            async () => {
              const now = await topo.masterPort(topo.sentinels[1]!);
              if (now === topo.master) return false;
              failover!.seconds = round((performance.now() - startedAt) / 1000, 2);
              failover!.newMaster = now;
              return true;
            },
            { timeoutMs: 60_000, intervalMs: 100, what: 'the Sentinels to name the new master' },
          ),
        )
        .catch((err: Error) => console.error(`sentinel: failover: ${err.message}`))
        .finally(() => s.disconnect());
    },
    Math.round((seconds * 1000) / 3),
  );
  let seq = 0;
  const sent: number[] = [];
  const res = await constantRate({
    url: `${web.url}/hooks/${token}`,
    rate,
    seconds,
    body: (due) => {
      sent.push(due);
      return JSON.stringify({ email: `sentinel-${seq++}@example.test`, name: 'Ada Lovelace', message: 'Hello' });
    },
  });
  clearTimeout(failoverAt);
  const t0 = Date.now();
  await waitFor(
    async () => {
      const r = await bench.client.query(
        `SELECT count(*)::int AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
        [flowId],
      );
      return r.rows[0].n >= res.ok;
    },
    { timeoutMs: 600_000, intervalMs: 500, what: 'every accepted event to finish after the failover' },
  );
  const drainSeconds = round((Date.now() - t0) / 1000);
  const runs = (
    await bench.client.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM run WHERE "flowId" = $1`,
      [flowId],
    )
  ).rows[0] as { ok: number; failed: number };
  await Promise.all([web, worker].map((p) => stopGroup(p.child)));
  const lat = [...res.latenciesMs].sort((a, b) => a - b);
  const result = {
    rate,
    seconds,
    offered: res.sent,
    accepted: res.ok,
    refused: res.non2xx + res.errors,
    ackP50Ms: round(pct(lat, 50), 1),
    ackP99Ms: round(pct(lat, 99), 1),
    ackMaxMs: round(lat.at(-1) ?? NaN, 1),
    failoverSeconds: failover?.seconds ?? null,
    promoted: failover?.newMaster === topo.replica,
    succeeded: runs.ok,
    failed: runs.failed,
    drainSecondsAfterLoad: drainSeconds,
    lost: Math.max(0, res.ok - target.keys.size),
    doubled: target.calls() - target.keys.size,
  };
  console.log(
    `\nRedis through Sentinel (1 master, 1 replica, 3 Sentinels, quorum 2; REDIS_URL host unresolvable): start:web + start:worker, 3-step flow at ${rate}/s open loop × ${seconds} s, SENTINEL FAILOVER at ${round(seconds / 3)} s`,
  );
  console.log(
    '| offered | accepted | refused | ack p50 ms | ack p99 ms | ack max ms | new master named after s | replica promoted | succeeded | failed | lost | doubled | drained after load s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${result.offered} | ${result.accepted} | ${result.refused} | ${result.ackP50Ms} | ${result.ackP99Ms} | ${result.ackMaxMs} | ${result.failoverSeconds ?? '–'} | ${result.promoted ? 'yes' : 'no'} | ${result.succeeded} | ${result.failed} | ${result.lost} | ${result.doubled} | ${result.drainSecondsAfterLoad} |`,
  );
  emitResult('sentinel', result);
  if (!result.promoted || result.lost || result.doubled || result.failed) process.exitCode = 1;
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await target.close();
  await bench.cleanup();
  await stopSentinels();
}
