// The floor of our ingest path: `npm run bench -- floor`. The same load as
// bench/ingest.ts (50 connections, 20 s, the same JSON body) against a plain
// Node `http` server that only inserts the event row (support/floor-server.ts),
// on a database of its own. The gap between this and bench/ingest.ts is what
// our web process costs beyond one INSERT per request.
// Options (env): BENCH_SECONDS (20), BENCH_CONNECTIONS (50).
import path from 'node:path';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { freePort, waitFor } from '../tests/helpers/ports';
import { createBench, emitResult, root, round, rssSampler, seedFlow, startNode } from './support/harness';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const body = JSON.stringify({
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  message: 'Hello from the contact form',
  consent: true,
});

const bench = await createBench('floor');
try {
  const { flowId, workspaceId } = await seedFlow(bench.client, {
    nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }],
    edges: [],
  });
  const port = await freePort();
  const server = startNode(['--import', 'tsx', path.join(root, 'bench/support/floor-server.ts')], {
    DATABASE_URL: bench.dbUrl,
    PORT: String(port),
    FLOW_ID: flowId,
    WORKSPACE_ID: workspaceId,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(async () => (await fetch(url, { method: 'POST', body: '{}' }).catch(() => null))?.status === 202, {
    what: 'the floor server',
  });
  const sampler = rssSampler();
  sampler.watch('floor', server);
  const opts = { url, method: 'POST', headers: { 'content-type': 'application/json' }, body };
  await autocannon({ ...opts, connections: 10, duration: 3 });
  const r = await autocannon({ ...opts, connections, duration: seconds });
  const stored = Number((await bench.client.query(`SELECT count(*) FROM event`)).rows[0].count);
  const result = {
    acceptedPerSecond: round(r['2xx'] / seconds),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMiB: round(sampler.peak('floor')),
    stored,
  };
  sampler.stop();
  console.log(`\nFloor: plain Node http server, one INSERT per request, ${connections} connections, ${seconds} s`);
  console.log('| server | accepted/s | p50 ms | p99 ms | non-2xx | errors | RSS MiB |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| plain http + INSERT | ${result.acceptedPerSecond} | ${result.p50Ms} | ${result.p99Ms} | ${result.non2xx} | ${result.errors} | ${result.rssMiB} |`,
  );
  emitResult('floor', { connections, seconds, ...result });
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await bench.cleanup();
}
