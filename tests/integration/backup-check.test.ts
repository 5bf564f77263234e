import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pollFlow } from '@/lib/backup-check/poll-flow';
import { db } from '@/lib/db';
import { queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { postJson, triggerOnlyGraph } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRedis, startWorker, type Proc } from '../helpers/processes';
import { startRecordingServer, type Recorded, type Reply } from '../helpers/recording-server';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// The backup check against a local "form tool" with a responses API: the
// suite's web server and worker do the work (publish → schedule → poll →
// events → runs); the source counts every request it gets.

type Submission = { id: string; email: string; submitted_at: string };

const TOKEN = 'form-tool-token-123';

/** A form tool: submissions listed newest last, bearer auth, cursor or next-URL pages, an optional `since` filter. */
async function formTool(opts: { pageSize?: number; paging?: 'cursor' | 'url'; auth?: boolean } = {}) {
  const listed: Submission[] = [];
  let failWith: Reply | null = null;
  const pageSize = opts.pageSize ?? 100;
  const server = await startRecordingServer((req: Recorded): Reply => {
    const url = new URL(req.path, 'http://x');
    if (opts.auth !== false && req.headers.authorization !== `Bearer ${TOKEN}`)
      return { status: 401, body: { error: 'unauthorized' } };
    if (failWith) return failWith;
    const since = url.searchParams.get('since');
    const items = listed.filter((s) => !since || s.submitted_at >= since);
    const start = Number(url.searchParams.get('after') ?? url.searchParams.get('offset') ?? 0);
    const page = items.slice(start, start + pageSize);
    const more = start + pageSize < items.length;
    const nextUrl = new URL(url.href);
    nextUrl.searchParams.set('offset', String(start + pageSize));
    return {
      status: 200,
      body: {
        data: { responses: page },
        ...(opts.paging === 'url'
          ? { links: { next: more ? `${nextUrl.pathname}${nextUrl.search}` : null } }
          : { next_cursor: more ? String(start + pageSize) : null }),
      },
    };
  });
  let n = 0;
  return {
    ...server,
    listed,
    /** Adds submissions to the list (what the responses API shows). */
    submit(count: number, prefix = 'sub') {
      const added = Array.from({ length: count }, () => ({
        id: `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`,
        email: `person${n}@example.test`,
        submitted_at: new Date().toISOString(),
      }));
      return added;
    },
    show(subs: Submission[]) {
      listed.push(...subs);
    },
    fail(reply: Reply | null) {
      failWith = reply;
    },
    get requestCount() {
      return server.requests.length;
    },
  };
}

type Tool = Awaited<ReturnType<typeof formTool>>;

let t: Tenant;
let connectionId: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  t = await createTenant('backup');
  const conn = await api('/api/v1/connections', {
    key: t.apiKey,
    body: { type: 'http', name: 'Form tool', config: { auth: { type: 'bearer', token: TOKEN } } },
  });
  expect(conn.status).toBe(201);
  connectionId = conn.json.id;
});

afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function checkConfig(tool: Tool, extra: Record<string, unknown> = {}) {
  return {
    url: `${tool.url}/forms/abc/responses`,
    connection: connectionId,
    itemsPath: 'data.responses',
    idPath: 'id',
    nextPath: 'next_cursor',
    cursorParam: 'after',
    // 60 "minutes" = 60 s in the suite (BACKUP_CHECK_MINUTE_MS): tests poll on demand.
    intervalMinutes: 60,
    ...extra,
  };
}

async function createFlow(backupCheck: Record<string, unknown>, publish = true) {
  const created = await api('/api/v1/flows', {
    key: t.apiKey,
    body: { name: 'backup check', graph: triggerOnlyGraph({ backupCheck }) },
  });
  expect(created.status).toBe(201);
  const flow = { id: created.json.id as string, url: created.json.webhookUrl as string };
  closers.push(() => api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'DELETE' }));
  if (publish)
    expect((await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
  return flow;
}

const status = async (flowId: string) => {
  const res = await api(`/api/v1/flows/${flowId}/backup-check`, { key: t.apiKey });
  expect(res.status).toBe(200);
  return res.json;
};

/** Waits for a successful poll that started after `after` (the baseline one right after publish, or one asked for). */
async function polledSince(flowId: string, after: Date) {
  return waitFor(
    async () => {
      const s = await status(flowId);
      return s.lastSuccessAt && new Date(s.lastSuccessAt) >= new Date(after.getTime() - 1) && !s.baselinePending
        ? s
        : null;
    },
    { what: 'a successful poll' },
  );
}

/** A signed-in page's server-rendered HTML. */
const page = async (path: string) => (await fetch(`${baseUrl()}${path}`, { headers: { cookie: t.cookie } })).text();

async function pollNow(flowId: string) {
  const started = new Date();
  const res = await api(`/api/v1/flows/${flowId}/backup-check/poll`, { key: t.apiKey, method: 'POST' });
  expect(res).toMatchObject({ status: 202, json: { queued: true } });
  return polledSince(flowId, started);
}

/** Runs per listed item of the flow (by the item id in the event body), once they have all finished. */
async function runsPerItem(flowId: string, expectedItems: number) {
  return waitFor(
    async () => {
      const rows = await db.$queryRaw<{ item: string; runs: number; unfinished: number; source: string }[]>`
        SELECT e.body->>'id' AS item, e.source, count(r.id)::int AS runs,
               count(r.id) FILTER (WHERE r.status NOT IN ('succeeded', 'failed', 'canceled'))::int AS unfinished
        FROM event e LEFT JOIN run r ON r."eventId" = e.id
        WHERE e."flowId" = ${flowId}::uuid AND e.status = 'accepted'
        GROUP BY 1, 2`;
      return rows.length >= expectedItems && rows.every((r) => r.runs > 0 && r.unfinished === 0) ? rows : null;
    },
    { what: `${expectedItems} items to have run` },
  );
}

describe('backup check', () => {
  it('10 submissions, webhooks for 7 delivered and 3 lost: after one poll all 10 ran exactly once', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool));
    await polledSince(flow.id, new Date(0)); // the baseline (nothing listed yet)

    const subs = tool.submit(10);
    const delivered = subs.slice(0, 7);
    for (const s of delivered) expect((await postJson(flow.url, s)).json.status).toBe('accepted');
    tool.show(subs);

    await pollNow(flow.id);
    const rows = await runsPerItem(flow.id, 10);
    expect(rows.map((r) => r.item).sort()).toEqual(subs.map((s) => s.id).sort());
    for (const r of rows) expect(r.runs).toBe(1);
    const bySource = (src: string) =>
      rows
        .filter((r) => r.source === src)
        .map((r) => r.item)
        .sort();
    expect(bySource('webhook')).toEqual(delivered.map((s) => s.id).sort());
    expect(bySource('backup-check')).toEqual(
      subs
        .slice(7)
        .map((s) => s.id)
        .sort(),
    );

    // The polled event's body is the item.
    const lost = subs[8]!;
    const events = (await api(`/api/v1/flows/${flow.id}/events?limit=50`, { key: t.apiKey })).json.items as any[];
    const polled = events.find((e) => e.body?.id === lost.id);
    expect(polled).toMatchObject({ source: 'backup-check', status: 'accepted', body: lost });

    // The sender retries a lost one later: a duplicate of the polled event, not a second run.
    const late = await postJson(flow.url, lost);
    expect(late).toMatchObject({ status: 200, json: { eventId: polled.id, duplicate: true } });

    // A second poll finds nothing new.
    await pollNow(flow.id);
    const after = await runsPerItem(flow.id, 10);
    expect(after).toHaveLength(10);
    for (const r of after) expect(r.runs).toBe(1);

    const s = await status(flow.id);
    expect(s).toMatchObject({ enabled: true, caughtLast7Days: 3, lastPollError: null, failingSince: null });
    const today = s.eventsBySource[s.eventsBySource.length - 1];
    expect(s.eventsBySource).toHaveLength(7);
    expect(today).toMatchObject({ webhook: 7, backupCheck: 3 });
    // Every poll sent the connection's auth (a request without it is refused by the tool).
    expect(tool.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // The flow list warns that the push is losing events; the flow page shows events by source.
    // (Checked as booleans: a failed match would print the whole page.)
    const list = await page('/flows');
    expect(list.includes('data-testid="backup-check-caught"'), 'flow list alert').toBe(true);
    expect(list.includes(`href="/flows/${flow.id}/overview"`), 'alert links the flow').toBe(true);
    const overview = await page(`/flows/${flow.id}/overview`);
    expect(overview.includes('data-testid="backup-check-card"'), 'backup check card').toBe(true);
    expect(
      overview.includes('Events by source, last 7 days: 7 by webhook, 3 by backup check'),
      'events by source',
    ).toBe(true);
  });

  it('the same submission by webhook and by poll at the same moment runs once', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool));
    await polledSince(flow.id, new Date(0));

    const subs = tool.submit(20);
    tool.show(subs);
    // Every webhook races the poll (the poll runs here, in the test process, through the same code as the worker).
    const [poll, ...hooks] = await Promise.all([pollFlow(flow.id, 'now'), ...subs.map((s) => postJson(flow.url, s))]);
    expect(poll.ran).toBe(true);

    const rows = await runsPerItem(flow.id, 20);
    expect(rows).toHaveLength(20);
    for (const r of rows) expect(r.runs).toBe(1);
    // Whichever came first owns the item; the webhooks that lost answered "duplicate".
    const hookWon = hooks.filter((h) => h.status === 202).length;
    const hookLost = hooks.filter((h) => h.status === 200 && h.json.duplicate === true).length;
    expect(hookWon + hookLost).toBe(20);
    expect(rows.filter((r) => r.source === 'webhook')).toHaveLength(hookWon);
    expect(poll.ran && poll.ingested).toBe(20 - hookWon);
  });

  it('reads every page: cursor pages and next-page URLs', async () => {
    for (const paging of ['cursor', 'url'] as const) {
      const tool = await formTool({ pageSize: 3, paging });
      closers.push(tool.close);
      const extra = paging === 'url' ? { nextPath: 'links.next', cursorParam: undefined } : {};
      const flow = await createFlow(checkConfig(tool, extra));
      await polledSince(flow.id, new Date(0));

      const subs = tool.submit(10, paging);
      tool.show(subs);
      const before = tool.requestCount;
      await pollNow(flow.id);
      expect(tool.requestCount - before).toBe(4); // 3 + 3 + 3 + 1
      const rows = await runsPerItem(flow.id, 10);
      expect(rows.map((r) => r.item).sort()).toEqual(subs.map((s) => s.id).sort());
      for (const r of rows) expect(r.runs).toBe(1);
    }
  });

  it('fills the "since" parameter from the last poll', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool, { sinceParam: 'since' }));
    const baseline = await polledSince(flow.id, new Date(0));
    // The baseline reads everything.
    expect(new URL(tool.requests[0]!.path, 'http://x').searchParams.has('since')).toBe(false);

    tool.show(tool.submit(2));
    await pollNow(flow.id);
    const since = new URL(tool.requests.at(-1)!.path, 'http://x').searchParams.get('since');
    expect(since).toBeTruthy();
    expect(new Date(since!).getTime()).toBeLessThanOrEqual(new Date(baseline.lastSuccessAt).getTime());
  });

  it('a source answering 500 then recovering: failure shown, no events from the broken answer, caught up after', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool));
    await polledSince(flow.id, new Date(0));

    const subs = tool.submit(5);
    tool.show(subs);
    // The broken answer even carries an item list: it must never become events.
    tool.fail({ status: 500, body: { data: { responses: [{ id: 'bogus-1', email: 'x@example.test' }] } } });
    await api(`/api/v1/flows/${flow.id}/backup-check/poll`, { key: t.apiKey, method: 'POST' });
    const failing = await waitFor(async () => ((await status(flow.id)).failingSince ? status(flow.id) : null), {
      what: 'the failure to show',
    });
    expect(failing.lastPollError).toContain('HTTP 500');
    expect(
      (await page(`/flows/${flow.id}/overview`)).includes('Backup check failing since'),
      'failure on the flow page',
    ).toBe(true);
    expect(await db.event.count({ where: { flowId: flow.id, source: 'backup-check' } })).toBe(0);

    // The job is retried with backoff; once the source answers again it catches up.
    tool.fail(null);
    const rows = await runsPerItem(flow.id, 5);
    expect(rows.map((r) => r.item).sort()).toEqual(subs.map((s) => s.id).sort());
    for (const r of rows) expect(r.runs).toBe(1);
    expect(await db.event.count({ where: { flowId: flow.id, body: { path: ['id'], equals: 'bogus-1' } } })).toBe(0);
    await waitFor(async () => ((await status(flow.id)).failingSince === null ? true : null), {
      what: 'the failure to clear',
    });
  });

  it('preview reads the source and records nothing; broken answers are explained', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool), false);
    const subs = tool.submit(3);
    tool.show(subs);
    const preview = async (config?: unknown) =>
      api(`/api/v1/flows/${flow.id}/backup-check/preview`, {
        key: t.apiKey,
        method: 'POST',
        body: config ? { config } : {},
      });

    const ok = await preview();
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, found: 3, newCount: 3, pages: 1, willBeBaseline: true });
    expect(ok.json.items.map((i: any) => i.id)).toEqual(subs.map((s) => s.id));
    expect(await db.seenItem.count({ where: { flowId: flow.id } })).toBe(0);
    expect(await db.event.count({ where: { flowId: flow.id } })).toBe(0);

    const broken: [Reply, string][] = [
      [{ status: 500, body: 'oops' }, 'HTTP 500'],
      [{ status: 200, body: 'not json {' }, 'did not answer with JSON'],
      [{ status: 200, body: { data: { responses: { id: 1 } } } }, 'no list at "data.responses"'],
    ];
    for (const [reply, message] of broken) {
      tool.fail(reply);
      const res = await preview();
      expect(res.status).toBe(200);
      expect(res.json.ok).toBe(false);
      expect(res.json.error).toContain(message);
    }
    tool.fail(null);
    const noAuth = await preview({ ...checkConfig(tool), connection: undefined });
    expect(noAuth.json).toMatchObject({ ok: false });
    expect(noAuth.json.error).toContain('401');
  });

  it('baseline: items present at publish are recorded, not run; a webhook for one still runs it once; backfill runs the rest', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const old = tool.submit(3, 'old');
    tool.show(old);
    const flow = await createFlow(checkConfig(tool));
    await polledSince(flow.id, new Date(0));
    let s = await status(flow.id);
    expect(s).toMatchObject({ baselinePending: false, baselineNotRun: 3 });
    await pollNow(flow.id);
    expect(await db.event.count({ where: { flowId: flow.id } })).toBe(0);

    // A webhook delivering a baseline item runs it, once.
    const first = await postJson(flow.url, old[0]);
    expect(first).toMatchObject({ status: 202, json: { status: 'accepted' } });
    expect((await postJson(flow.url, old[0])).json).toMatchObject({ eventId: first.json.eventId, duplicate: true });

    // New items are caught; the baseline ones stay unrun.
    const fresh = tool.submit(1, 'new');
    tool.show(fresh);
    await pollNow(flow.id);
    let rows = await runsPerItem(flow.id, 2);
    expect(rows.map((r) => r.item).sort()).toEqual([old[0]!.id, fresh[0]!.id].sort());

    // Backfill: the two remaining baseline items run, nothing runs twice.
    const backfill = await api(`/api/v1/flows/${flow.id}/backup-check/backfill`, { key: t.apiKey, method: 'POST' });
    expect(backfill).toMatchObject({ status: 200, json: { ok: true, ingested: 2, held: 0 } });
    rows = await runsPerItem(flow.id, 4);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.runs).toBe(1);
    s = await status(flow.id);
    expect(s.baselineNotRun).toBe(0);
    // Backfilled items were asked for, not caught: the alert counts only the one the push missed.
    expect(s.caughtLast7Days).toBe(1);
  });

  it('while the flow is paused, polls go on and new items are held; they run on resume', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const flow = await createFlow(checkConfig(tool));
    await polledSince(flow.id, new Date(0));
    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(200);

    const subs = tool.submit(2);
    tool.show(subs);
    await pollNow(flow.id);
    const held = await db.event.findMany({ where: { flowId: flow.id }, select: { status: true, source: true } });
    expect(held).toEqual([
      { status: 'held', source: 'backup-check' },
      { status: 'held', source: 'backup-check' },
    ]);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);

    expect((await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const rows = await runsPerItem(flow.id, 2);
    for (const r of rows) expect(r.runs).toBe(1);
  });

  it('one job scheduler per flow, removed when the check is switched off or the flow deleted', async () => {
    const tool = await formTool();
    closers.push(tool.close);
    const q = queueOn(process.env.REDIS_URL!);
    closers.push(q.close);
    const flow = await createFlow(checkConfig(tool));
    const schedulers = async () => (await q.queue.getJobSchedulers(0, -1)).filter((s) => s.key.includes(flow.id));
    expect(await schedulers()).toHaveLength(1);
    expect((await schedulers())[0]!.every).toBe(60 * 1000);
    // Publishing again (another interval) updates it, never adds a second one.
    const put = await api(`/api/v1/flows/${flow.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: { graph: triggerOnlyGraph({ backupCheck: checkConfig(tool, { intervalMinutes: 30 }) }) },
    });
    expect(put.status).toBe(200);
    await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect((await schedulers()).map((s) => s.every)).toEqual([30 * 1000]);
    // Switched off → removed, and the status says so.
    await api(`/api/v1/flows/${flow.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: { graph: triggerOnlyGraph({ backupCheck: checkConfig(tool, { enabled: false }) }) },
    });
    await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(await schedulers()).toHaveLength(0);
    expect((await status(flow.id)).enabled).toBe(false);
    // On again, then deleted → removed.
    await api(`/api/v1/flows/${flow.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: { graph: triggerOnlyGraph({ backupCheck: checkConfig(tool) }) },
    });
    await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(await schedulers()).toHaveLength(1);
    expect((await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(204);
    expect(await schedulers()).toHaveLength(0);
  });
});

describe('backup check with several workers (own database and Redis)', () => {
  let sandbox: Sandbox;
  const procs: Proc[] = [];
  beforeAll(async () => {
    sandbox = await sandboxDatabase('backupcheck');
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGKILL')));
    await sandbox?.drop();
  });

  it('two workers: one scheduler, the source is polled once per interval; a restarted Redis gets it back', async () => {
    const tool = await formTool({ auth: false });
    closers.push(tool.close);
    const redis = await startRedis();
    closers.push(() => redis.kill('SIGKILL'));
    // intervalMinutes 1 = 1 s with BACKUP_CHECK_MINUTE_MS=1000.
    const everyMs = 1000;
    const graph = triggerOnlyGraph({
      backupCheck: { ...checkConfig(tool), connection: undefined, intervalMinutes: 1 },
    });
    const flow = await seedFlow(sandbox.db, graph);
    const env = {
      DATABASE_URL: sandbox.url,
      REDIS_URL: redis.url,
      BACKUP_CHECK_MINUTE_MS: String(everyMs),
      RETRY_BASE_MS: '60000',
    };
    const started = Date.now();
    // Both workers' reconcilers find the published check and create its scheduler (the same one).
    procs.push(startWorker(env, 'backup-w1'), startWorker(env, 'backup-w2'));
    const q = queueOn(redis.url);
    closers.push(q.close);
    await waitFor(async () => tool.requestCount >= 6, { timeoutMs: 60_000, what: 'six polls' });
    const elapsed = Date.now() - started;
    // At most one poll per interval since the first (plus the first itself): two workers never double it.
    expect(tool.requestCount).toBeLessThanOrEqual(Math.floor(elapsed / everyMs) + 1);
    expect((await q.queue.getJobSchedulers(0, -1)).filter((s) => s.key.includes(flow.flowId))).toHaveLength(1);

    // Redis restarted empty: the reconciler puts the scheduler back from PostgreSQL and polling goes on.
    await redis.kill('SIGKILL');
    const again = await startRedis(redis.port);
    closers.push(() => again.kill('SIGKILL'));
    const before = tool.requestCount;
    await waitFor(async () => tool.requestCount >= before + 3, {
      timeoutMs: 90_000,
      what: 'polls after the Redis restart',
    });
    const q2 = queueOn(again.url);
    closers.push(q2.close);
    expect((await q2.queue.getJobSchedulers(0, -1)).filter((s) => s.key.includes(flow.flowId))).toHaveLength(1);
  });
});
