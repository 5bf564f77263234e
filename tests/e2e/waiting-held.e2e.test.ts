import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, getRun, publishedFlow, step } from '../helpers/run-flows';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { RunPage } from './pages/runs';
import { signedInBrowser } from './pages/signed-in';

// Issue 16, item 9, in Chromium: a step waiting for its retry shows the next
// try to the second ("in 9 min 58 s", the exact time on hover) and "Retry
// now", which tries it at once — once; a paused flow's held events are
// counted live, and Resume asks whether to run or discard them. Each story's
// `it`s run in order on one browser.

let target: Awaited<ReturnType<typeof startRecordingServer>>;
/** Per request path: how many times it answered 503 before answering 200. */
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  target = await startRecordingServer((r) => {
    const left = failuresLeft.get(r.path) ?? 0;
    if (left > 0) {
      failuresLeft.set(r.path, left - 1);
      return { status: 503, body: { error: 'down for a moment' } };
    }
    return { status: 200, body: { ok: true } };
  });
});
afterAll(async () => {
  await target?.close();
});

async function waitingRun(t: Tenant, path: string) {
  failuresLeft.set(path, 1);
  const flow = await publishedFlow(
    t,
    chain([
      {
        id: 'notify',
        type: 'http.request',
        config: { url: `${target.url}${path}`, body: { email: '{{ trigger.body.email }}' } },
        // Ten minutes before the second try: only "Retry now" brings it within the test.
        retry: { attempts: 3, backoffMs: 600_000 },
      },
    ]),
    'Orders',
  );
  const res = await fetch(flow.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana@example.com' }),
  });
  const { eventId } = (await res.json()) as { eventId: string };
  const runId = await waitFor(
    async () => {
      const run = await db.run.findUnique({ where: { originKey: eventId }, select: { id: true, status: true } });
      return run?.status === 'waiting' ? run.id : null;
    },
    { timeoutMs: 30_000, what: 'the run to wait for its retry' },
  );
  return { flow, runId };
}

const hitsOf = (path: string) => target.requests.filter((r) => r.path === path).length;

describe('a step waiting for its retry', () => {
  let t: Tenant;
  let runId: string;
  let browser: Browser;
  let run: RunPage;

  beforeAll(async () => {
    t = await createTenant('retry-now');
    ({ runId } = await waitingRun(t, '/orders-1'));
    expect(hitsOf('/orders-1')).toBe(1);
    browser = await signedInBrowser(t.cookie);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the run page shows the next try to the second, counting down while open', async () => {
    run = await RunPage.open(browser.page, runId);
    const next = run.nextRetry();
    await expect.poll(() => next.innerText(), { timeout: 10_000 }).toMatch(/^in \d{1,2} min \d{1,2} s$/);
    const first = await next.innerText();
    await expect.poll(() => next.innerText(), { timeout: 10_000 }).not.toBe(first);
  });

  it('the exact time, with seconds, is on hover, and it is the stored next attempt', async () => {
    const next = run.nextRetry();
    expect(await next.getAttribute('title')).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    const stepRow = await db.stepRun.findFirstOrThrow({ where: { runId, nodeId: 'notify' } });
    expect(new Date((await next.getAttribute('datetime'))!).getTime()).toBe(stepRow.nextAttemptAt!.getTime());
  });

  it('“Retry now” tries the step at once, once', async () => {
    await run.retryNow();
    const finished = await finishedRun(t, { runId });
    expect(finished.status).toBe('succeeded');
    expect(step(finished, 'notify')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(hitsOf('/orders-1')).toBe(2);
    await browser.page.locator('[data-testid="step-detail"]').getByText('succeeded').first().waitFor();
  });

  it('once it ran, there is nothing left to retry', async () => {
    const again = await api(`/api/v1/runs/${runId}/steps/notify/retry-now`, { key: t.apiKey, method: 'POST' });
    expect(again.status).toBe(409);
  });
});

describe('“Retry now” through the API', () => {
  it('runs the step once when "Retry now" is asked for several times at once', async () => {
    const t = await createTenant('retry-now-race');
    const { runId } = await waitingRun(t, '/orders-2');
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => api(`/api/v1/runs/${runId}/steps/notify/retry-now`, { key: t.apiKey, method: 'POST' })),
    );
    expect(answers.some((a) => a.status === 202)).toBe(true);
    for (const a of answers) expect([202, 409]).toContain(a.status);
    const run = await finishedRun(t, { runId });
    expect(step(run, 'notify')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(hitsOf('/orders-2')).toBe(2);
    // Every try carried the same idempotency key: one step, two tries, no duplicate.
    const keys = new Set(
      target.requests.filter((r) => r.path === '/orders-2').map((r) => r.headers['idempotency-key']),
    );
    expect(keys.size).toBe(1);

    // Scoped: another workspace cannot touch it; a bad id is a 404.
    const other = await createTenant('retry-now-other');
    expect(
      (await api(`/api/v1/runs/${runId}/steps/notify/retry-now`, { key: other.apiKey, method: 'POST' })).status,
    ).toBe(404);
    expect((await api(`/api/v1/runs/nope/steps/notify/retry-now`, { key: t.apiKey, method: 'POST' })).status).toBe(404);
    expect((await getRun(t, runId)).status).toBe('succeeded');
  });
});

describe('held events at resume', () => {
  let t: Tenant;
  let flow: { id: string; url: string };
  let browser: Browser;
  let editor: EditorPage;
  const heldCalls = () => target.requests.filter((r) => r.path === '/held');
  const hold = async (n: number) => {
    const res = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n }),
    });
    expect(((await res.json()) as { status: string }).status).toBe('held');
  };

  beforeAll(async () => {
    t = await createTenant('held-resume');
    flow = await publishedFlow(
      t,
      chain([
        {
          id: 'notify',
          type: 'http.request',
          config: { url: `${target.url}/held`, body: { n: '{{ trigger.body.n }}' } },
        },
      ]),
      'Signups',
    );
    browser = await signedInBrowser(t.cookie);
    editor = await EditorPage.open(browser.page, flow.id);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a paused flow’s held events are counted live, without reloading the page', async () => {
    await editor.pause();
    await hold(1);
    await hold(2);
    const count = editor.heldCount();
    await expect.poll(() => count.innerText().catch(() => ''), { timeout: 15_000 }).toContain('2 held events');
    await hold(3);
    await expect.poll(() => count.innerText(), { timeout: 15_000 }).toContain('3 held events');
  });

  it('Resume asks whether to run or discard them; discarded, none of them runs', async () => {
    const confirm = await editor.resume();
    await confirm.getByRole('button', { name: 'Run 3 held events' }).waitFor();
    await confirm.getByRole('button', { name: 'Discard them' }).click();
    await browser.page.getByText('3 held events discarded: listed as discarded, they will not run.').waitFor();
    await browser.page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const events = await db.event.findMany({ where: { flowId: flow.id }, select: { status: true } });
    expect(events.map((e) => e.status)).toEqual(['discarded', 'discarded', 'discarded']);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);
    expect(heldCalls()).toHaveLength(0);
  });

  it('paused again with one held event, “Run 1 held event” runs it', async () => {
    await editor.pause();
    await hold(4);
    await expect
      .poll(
        () =>
          editor
            .heldCount()
            .innerText()
            .catch(() => ''),
        { timeout: 15_000 },
      )
      .toContain('1 held event');
    const confirm = await editor.resume();
    await confirm.getByRole('button', { name: 'Run 1 held event' }).click();
    await browser.page.getByText('1 held event is running.').waitFor();
    const ran = await waitFor(() => db.run.findFirst({ where: { flowId: flow.id }, select: { id: true } }), {
      timeoutMs: 20_000,
      what: 'the held event to run',
    });
    expect((await finishedRun(t, { runId: ran.id })).status).toBe('succeeded');
    expect(heldCalls().map((r) => JSON.parse(r.body).n)).toEqual(['4']);
  });
});
