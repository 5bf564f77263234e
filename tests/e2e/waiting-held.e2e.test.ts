import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, getRun, publishedFlow, step } from '../helpers/run-flows';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// Issue 16, item 9, in Chromium: a step waiting for its retry shows the next
// try to the second ("in 9 min 58 s", the exact time on hover) and "Retry
// now", which tries it at once — once; a paused flow's held events are
// counted live, and Resume asks whether to run or discard them.

let browser: Browser | undefined;
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
afterEach(async () => {
  await browser?.close();
  browser = undefined;
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
  it('shows the next try to the second and retries now, once', async () => {
    const t = await createTenant('retry-now');
    const { runId } = await waitingRun(t, '/orders-1');
    expect(hitsOf('/orders-1')).toBe(1);

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/runs/${runId}`);
    const next = page.getByTestId('next-retry');
    await expect.poll(() => next.innerText(), { timeout: 10_000 }).toMatch(/^in \d{1,2} min \d{1,2} s$/);
    const first = await next.innerText();
    // It counts down while the page is open.
    await expect.poll(() => next.innerText(), { timeout: 10_000 }).not.toBe(first);
    const title = (await next.getAttribute('title'))!;
    const dateTime = (await next.getAttribute('datetime'))!;
    expect(title).toMatch(/\d{1,2}:\d{2}:\d{2}/); // the exact time, with seconds
    const stepRow = await db.stepRun.findFirstOrThrow({ where: { runId, nodeId: 'notify' } });
    expect(new Date(dateTime).getTime()).toBe(stepRow.nextAttemptAt!.getTime());

    await page.getByRole('button', { name: 'Retry now' }).click();
    const run = await finishedRun(t, { runId });
    expect(run.status).toBe('succeeded');
    expect(step(run, 'notify')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(hitsOf('/orders-1')).toBe(2);
    await page.locator('[data-testid="step-detail"]').getByText('succeeded').first().waitFor();

    // Once it ran, there is nothing left to retry.
    const again = await api(`/api/v1/runs/${runId}/steps/notify/retry-now`, { key: t.apiKey, method: 'POST' });
    expect(again.status).toBe(409);
  });

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
  it('counts them live and asks whether to run or discard them', async () => {
    const t = await createTenant('held-resume');
    const flow = await publishedFlow(
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
    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flow.id}`);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();

    const hold = async (n: number) => {
      const res = await fetch(flow.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      });
      expect(((await res.json()) as { status: string }).status).toBe('held');
    };
    await hold(1);
    await hold(2);
    const count = page.getByTestId('held-count');
    await expect.poll(() => count.innerText().catch(() => ''), { timeout: 15_000 }).toContain('2 held events');
    await hold(3);
    // Without reloading the page.
    await expect.poll(() => count.innerText(), { timeout: 15_000 }).toContain('3 held events');

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    const confirm = page.getByTestId('resume-confirm');
    await confirm.getByRole('button', { name: 'Run 3 held events' }).waitFor();
    await confirm.getByRole('button', { name: 'Discard them' }).click();
    await page.getByText('3 held events discarded: listed as discarded, they will not run.').waitFor();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const events = await db.event.findMany({ where: { flowId: flow.id }, select: { status: true } });
    expect(events.map((e) => e.status)).toEqual(['discarded', 'discarded', 'discarded']);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);
    expect(target.requests.filter((r) => r.path === '/held')).toHaveLength(0);

    // Paused again with one held event: this time it runs.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await hold(4);
    await expect.poll(() => count.innerText().catch(() => ''), { timeout: 15_000 }).toContain('1 held event');
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.getByTestId('resume-confirm').getByRole('button', { name: 'Run 1 held event' }).click();
    await page.getByText('1 held event is running.').waitFor();
    const ran = await waitFor(() => db.run.findFirst({ where: { flowId: flow.id }, select: { id: true } }), {
      timeoutMs: 20_000,
      what: 'the held event to run',
    });
    expect((await finishedRun(t, { runId: ran.id })).status).toBe('succeeded');
    expect(target.requests.filter((r) => r.path === '/held').map((r) => JSON.parse(r.body).n)).toEqual(['4']);
  });
});
