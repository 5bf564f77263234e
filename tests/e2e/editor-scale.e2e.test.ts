import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// Measurements, not assertions about time: an editor with 50 steps and a runs
// page with 200 runs, in a real Chromium. Figures go to the log and to
// test-results/measurements/ui-scale.json; the test asserts only that
// everything rendered.

const root = path.resolve(import.meta.dirname, '../..');
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

const ms = (n: number) => Math.round(n);

describe('UI at scale (measured)', () => {
  it('an editor with 50 steps and a runs page with 200 runs', async () => {
    const tenant = await createTenant('scale');
    const nodes: { id: string; type: string; config: Record<string, unknown>; position: { x: number; y: number } }[] = [
      { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
    ];
    const edges: { source: string; target: string }[] = [];
    for (let i = 1; i < 50; i++) {
      nodes.push({
        id: `f${i}`,
        type: 'filter',
        config: { conditions: [{ left: '{{ trigger.body.n }}', op: 'isNotEmpty' }], match: 'all' },
        position: { x: (i % 5) * 300, y: Math.ceil(i / 5) * 160 },
      });
      edges.push({ source: i === 1 ? 'trigger' : `f${i - 1}`, target: `f${i}` });
    }
    const created = await api('/api/v1/flows', {
      key: tenant.apiKey,
      body: { name: 'Big flow', graph: { nodes, edges } },
    });
    expect(created.status).toBe(201);
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(
      200,
    );

    // 200 real runs through the webhook and the worker.
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          fetch(created.json.webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ n: i + j, email: `p${i + j}@example.com` }),
          }),
        ),
      );
    }
    await waitFor(
      async () => (await db.run.count({ where: { flowId: created.json.id, status: 'succeeded' } })) === 200,
      { timeoutMs: 120_000, what: '200 succeeded runs' },
    );

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    // Long tasks (main thread busy > 50 ms) seen by the page: what makes a UI feel stuck.
    await browser.context.addInitScript(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
    });
    const longTasks = () => page.evaluate(() => (window as unknown as { __long: number[] }).__long.splice(0));
    const figures: Record<string, number> = {};

    // Editor: load to all nodes drawn, select a step, drag a step, undo.
    let t = performance.now();
    await page.goto(`${baseUrl()}/flows/${created.json.id}`);
    await waitFor(async () => (await page.locator('.react-flow__node').count()) === 50, { what: '50 nodes' });
    figures.editorLoadTo50NodesMs = ms(performance.now() - t);

    t = performance.now();
    await page.locator('[data-testid="node-f25"] p').first().click({ force: true });
    await page.getByTestId('config-panel').getByText('Only continue if…').waitFor();
    figures.selectStepToPanelMs = ms(performance.now() - t);

    const box = (await page.locator('.react-flow__node[data-id="f25"]').boundingBox())!;
    await longTasks();
    t = performance.now();
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 140, box.y + 80, { steps: 30 });
    await page.mouse.up();
    figures.drag30MovesMs = ms(performance.now() - t);
    const dragLong = await longTasks();
    figures.dragLongTasks = dragLong.length;
    figures.dragLongestTaskMs = ms(Math.max(0, ...dragLong));

    t = performance.now();
    await page.keyboard.press('Control+z');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
    figures.undoToSavedMs = ms(performance.now() - t);

    // Runs page: first page, then all 200 rows, then one live refresh with 200 rows on screen.
    t = performance.now();
    await page.goto(`${baseUrl()}/flows/${created.json.id}/runs`);
    await page.locator('[data-testid="runs-table"] tbody tr').first().waitFor();
    figures.runsPageFirst50Ms = ms(performance.now() - t);
    t = performance.now();
    for (let i = 0; i < 3; i++) {
      const before = await page.locator('[data-testid="runs-table"] tbody tr').count();
      await page.getByRole('button', { name: 'Load older runs' }).click();
      await waitFor(async () => (await page.locator('[data-testid="runs-table"] tbody tr').count()) > before, {
        what: 'older runs',
      });
    }
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(200);
    figures.loadRemaining150Ms = ms(performance.now() - t);
    // One live refresh (poll every 2 s) with 200 rows on screen.
    await longTasks();
    await page.waitForTimeout(4500);
    const pollLong = await longTasks();
    figures.runsPollLongTasksIn4s = pollLong.length;
    figures.runsPollLongestTaskMs = ms(Math.max(0, ...pollLong));
    figures.runsPageHeapMB = await page.evaluate(() =>
      Math.round(
        ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6,
      ),
    );

    const out = path.join(root, 'test-results/measurements');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'ui-scale.json'), JSON.stringify(figures, null, 2));
    console.log('UI scale figures:', figures);
  }, 240_000);
});
