// Run search on a large history: `npm run bench -- search`. Fills a database
// of its own with BENCH_SEARCH_EVENTS (1,000,000) events and their runs —
// contact-form bodies with names, emails, phone numbers, messages, spread over
// 90 days, in batches of `INSERT … SELECT generate_series` — builds the
// migration's pg_trgm index on (body::text), and times the runs page's own
// queries (lib/runs/list-runs.ts: a page of 50, and the "all N matching"
// count) for searches by a full email and by a name fragment: several
// searches of each, each repeated, median and p95. Prints figures only.
import { createBench, emitResult, pct, round, seedFlow } from './support/harness';

const EVENTS = Number(process.env.BENCH_SEARCH_EVENTS ?? 1_000_000);
const BATCH = 100_000;
const REPEAT = 5;

const firsts = [
  'Ada',
  'Grace',
  'Alan',
  'Ingrid',
  'Chidi',
  'Mei',
  'Olu',
  'Sofia',
  'Mateo',
  'Priya',
  'Lars',
  'Amara',
  'Kenji',
  'Fatima',
  'Noah',
  'Zoe',
  'Ravi',
  'Elena',
  'Tomás',
  'Yara',
];
const lasts = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Okafor',
  'Nakamura',
  'Hernandez',
  'Smith',
  'Ivanova',
  'Kowalski',
  'Haddad',
  'Müller',
  'Rossi',
  'Dubois',
  'Andersen',
  'Mensah',
  'Patel',
  'Kim',
  'Silva',
  'Novak',
  'Ahmed',
  'Brennan',
  'Castillo',
  'Fischer',
];
const domains = ['example.com', 'mail.test', 'shop.example', 'inbox.test', 'company.example'];
const arr = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])`;

// UUIDv7 from a timestamp (PostgreSQL 15 has no uuidv7()): 48-bit ms, version 7, random rest.
const uuid7At = (ts: string) =>
  `(lpad(to_hex((extract(epoch FROM ${ts}) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;

const bench = await createBench('search');
try {
  const flow = await seedFlow(bench.client, {
    nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }],
    edges: [],
  });
  const version = (await bench.client.query(`SELECT id FROM flow_version WHERE "flowId" = $1`, [flow.flowId])).rows[0]
    .id;
  const index = (
    await bench.client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'event_body_text_trgm_idx'`)
  ).rows[0].indexdef as string;
  // Filled without the index, then indexed: as fast as a restore, and the index ends up compact.
  await bench.client.query(`DROP INDEX event_body_text_trgm_idx`);
  const t0 = Date.now();
  for (let from = 1; from <= EVENTS; from += BATCH) {
    const to = Math.min(EVENTS, from + BATCH - 1);
    await bench.client.query(
      `WITH ev AS (
         INSERT INTO event (id, "workspaceId", "flowId", status, source, method, headers, query, body, "receivedAt", "queuedAt")
         SELECT ${uuid7At('t')}, $1, $2, 'accepted', 'webhook', 'POST', '{"content-type":"application/json"}', '{}',
           jsonb_build_object(
             'name', f || ' ' || l,
             'email', lower(f) || '.' || lower(l) || i || '@' || d,
             'phone', '+44 7700 ' || lpad((i % 1000000)::text, 6, '0'),
             'company', l || ' ' || (ARRAY['Ltd','GmbH','& Co','Studio','Bakery'])[1 + i % 5],
             'message', 'Hello, I would like a quote for order ' || (i * 7 % 100000) || '. Please call me back.',
             'consent', i % 3 <> 0,
             'utm', jsonb_build_object('source', (ARRAY['google','newsletter','instagram'])[1 + i % 3], 'campaign', 'spring-' || (i % 12))),
           t, t
         FROM generate_series($3::int, $4::int) i,
           LATERAL (SELECT ${arr(firsts)}[1 + (i * 7) % ${firsts.length}] AS f, ${arr(lasts)}[1 + (i * 13) % ${lasts.length}] AS l,
                           ${arr(domains)}[1 + i % ${domains.length}] AS d,
                           now() - interval '90 days' + (i::float / $4::float) * interval '90 days' AS t) x
         RETURNING id, "receivedAt")
       INSERT INTO run (id, "workspaceId", "flowId", "eventId", "flowVersionId", status, "originKey", "createdAt", "startedAt", "finishedAt", "updatedAt")
       SELECT ${uuid7At(`"receivedAt" + interval '5 ms'`)}, $1, $2, ev.id, $5,
         (CASE WHEN random() < 0.03 THEN 'failed' ELSE 'succeeded' END)::"RunStatus", ev.id::text,
         "receivedAt", "receivedAt", "receivedAt" + interval '40 ms', "receivedAt" + interval '40 ms'
       FROM ev`,
      [flow.workspaceId, flow.flowId, from, to, version],
    );
    process.stderr.write(`search bench: ${to.toLocaleString('en')} events\r`);
  }
  const fillSeconds = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  await bench.client.query(`SET maintenance_work_mem = '256MB'`);
  await bench.client.query(index);
  const indexSeconds = (Date.now() - t1) / 1000;
  await bench.client.query(`VACUUM ANALYZE event`);
  await bench.client.query(`VACUUM ANALYZE run`);
  const sizes = (
    await bench.client.query(
      `SELECT pg_size_pretty(pg_total_relation_size('event')) AS events, pg_size_pretty(pg_relation_size('event_body_text_trgm_idx')) AS "index"`,
    )
  ).rows[0] as { events: string; index: string };

  // The runs page's own queries, on this database.
  process.env.DATABASE_URL = bench.dbUrl;
  process.env.APP_SECRET ??= 'bench-secret-0123456789-0123456789-0123456789';
  const { listRuns } = await import('../lib/runs/list-runs');
  const { countRuns } = await import('../lib/runs/count-runs');
  const { db } = await import('../lib/db');

  const emails = (
    await bench.client.query(
      `SELECT body->>'email' AS e FROM event WHERE id IN (SELECT id FROM event TABLESAMPLE BERNOULLI (0.01) LIMIT 5)`,
    )
  ).rows.map((r) => r.e as string);
  const fragments = ['okafor', 'ngrid.nak', 'hernand', 'Mensah 4'];
  const cases = [
    { kind: 'full email', terms: emails },
    { kind: 'name fragment', terms: fragments },
  ];
  // Connects the pool first, so the first timed search does not include it.
  await listRuns(flow.workspaceId, { search: 'warm-up', limit: 50 });
  const rows = [];
  for (const c of cases) {
    const page: number[] = [];
    const count: number[] = [];
    let matches = 0;
    for (const search of c.terms) {
      for (let r = 0; r < REPEAT; r++) {
        let s = performance.now();
        await listRuns(flow.workspaceId, { search, limit: 50 });
        page.push(performance.now() - s);
        s = performance.now();
        matches = Math.max(matches, await countRuns(flow.workspaceId, { search }));
        count.push(performance.now() - s);
      }
    }
    page.sort((a, b) => a - b);
    count.sort((a, b) => a - b);
    rows.push({
      kind: c.kind,
      searches: c.terms.length,
      maxMatches: matches,
      pageMedianMs: round(pct(page, 50), 1),
      pageP95Ms: round(pct(page, 95), 1),
      countMedianMs: round(pct(count, 50), 1),
      countP95Ms: round(pct(count, 95), 1),
    });
  }
  const plan = (
    await bench.client.query(
      `EXPLAIN SELECT count(*) FROM run r JOIN event e ON e.id = r."eventId" WHERE (e.body::text) ILIKE $1`,
      [`%${emails[0]}%`],
    )
  ).rows
    .map((r) => r['QUERY PLAN'] as string)
    .some((l) => l.includes('event_body_text_trgm_idx'));
  await db.$disconnect();

  console.log(
    `\nSearch in event bodies: ${EVENTS.toLocaleString('en')} events and runs (filled in ${round(fillSeconds)} s, index built in ${round(indexSeconds)} s; event table ${sizes.events}, trigram index ${sizes.index}; plan uses the index: ${plan ? 'yes' : 'no'})`,
  );
  console.log(
    '| search | terms × repeats | most matches | page of 50 median ms | page p95 ms | count median ms | count p95 ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.kind} | ${r.searches} × ${REPEAT} | ${r.maxMatches} | ${r.pageMedianMs} | ${r.pageP95Ms} | ${r.countMedianMs} | ${r.countP95Ms} |`,
    );
  emitResult('search', {
    events: EVENTS,
    fillSeconds: round(fillSeconds),
    indexSeconds: round(indexSeconds),
    sizes,
    indexUsed: plan,
    rows,
  });
} finally {
  await bench.cleanup();
}
