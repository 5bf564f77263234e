import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import { openBrowser, screenshotDir, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { RunPage, RunsPage } from './pages/runs';
import { signedInBrowser } from './pages/signed-in';

// The user story in a real Chromium: sign up, drag a form-to-CRM flow together,
// pick fields from a test event, publish, send submissions to the copied URL,
// watch the runs succeed live, find the contacts and the emails. Plus: publish
// errors shown on the nodes, and replay from a failed step on the run page.
// Each describe is one story; its `it`s run in order on one browser.

const root = path.resolve(import.meta.dirname, '../..');
let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail?.close();
});

/** Saved where the suite's screenshots go and under test-results/screenshots/ (the issue's artifact path). */
async function screenshot(b: Browser, name: string) {
  await b.screenshot(name);
  const dir = path.join(root, 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(screenshotDir, `${name}.png`), path.join(dir, `${name}.png`));
}

const post = (url: string, body: string, type = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

/** Nothing on the page is wider than the screen. */
const overflow = (b: Browser) => b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const seriousAxe = async (b: Browser, where: string) => {
  const audit = await axeAudit(b.page);
  console.log(`axe on ${where}:`, JSON.stringify(audit));
  return audit.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

describe('the whole story: sign up, build a form → CRM → email flow, publish, submissions run live', () => {
  let browser: Browser;
  let editor: EditorPage;
  let flowId: string;
  let hookUrl: string;

  beforeAll(async () => {
    browser = await openBrowser();
    editor = new EditorPage(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a new account creates a blank flow; the editor opens with the webhook trigger placed', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl()}/sign-up`);
    await page.getByLabel('Name').fill('Fiona Form');
    await page.getByLabel('Email').fill(`owner-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/flows');

    await page.getByRole('link', { name: 'New flow' }).first().click();
    await page.waitForURL('**/flows/new');
    flowId = await editor.createFromChooser({ name: 'Contact form' });
    await editor.node('trigger').waitFor();
  });

  it('steps dragged from the palette onto the canvas are connected by dragging handles', async () => {
    await editor.dropStep('crm.upsertContact', 'trigger');
    await editor.node('contact').waitFor();
    await editor.dropStep('email.send', 'contact');
    await editor.node('email').waitFor();
    await editor.connect('trigger', 'contact');
    await editor.connect('contact', 'email');
  });

  it('a test event sent to the test URL becomes the sample', async () => {
    const testUrl = await editor.listenForTestEvent();
    expect(testUrl).toMatch(/\/hooks\/[A-Za-z0-9_-]+\/test$/);
    const res = await post(testUrl, JSON.stringify({ email: 'sample@example.com', name: 'Sam Sample', message: 'Hi' }));
    expect(res.status).toBe(202);
    await browser.page.getByTestId('sample-event').waitFor({ timeout: 20_000 });
    await screenshot(browser, 'editor-trigger');
  });

  it('the CRM step takes fields from the sample through the variable picker; Test step shows its output', async () => {
    await editor.selectNode('contact');
    await editor.pickVariable('Email', 'Trigger → body', 'email');
    expect(await editor.field('Email').inputValue()).toBe('{{ trigger.body.email }}');
    await editor.pickVariable('Name', 'Trigger → body', 'name');
    expect(await editor.field('Name').inputValue()).toBe('{{ trigger.body.name }}');
    await editor.waitSaved();
    await editor.testStep('contactId');
  });

  it('the email step gets a new SMTP connection inline, with the Connections page’s labels', async () => {
    await editor.selectNode('email');
    await editor.createConnection('Email (SMTP)', async (form) => {
      await form.getByLabel('Connection name').fill('Test mail server');
      await form.getByLabel('SMTP server').fill('127.0.0.1');
      await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
      await form.getByLabel('From address').fill('hello@shop.example');
    });
    await expect.poll(() => editor.connectionValue(), { timeout: 10_000 }).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the tested step’s output is offered to later steps; fields mix text and variables', async () => {
    const picker = await editor.openVariablePicker('To');
    await editor.variable(picker, 'Add contact to CRM → output', 'contactId').waitFor();
    await browser.page.getByRole('button', { name: 'Insert variable into To' }).click();
    await editor.pickVariable('To', 'Trigger → body', 'email');
    await editor.field('Subject').fill('Thanks, ');
    await editor.pickVariable('Subject', 'Trigger → body', 'name');
    expect(await editor.field('Subject').inputValue()).toBe('Thanks, {{ trigger.body.name }}');
    await editor.field('Message').fill('We got your message.');
    await editor.waitSaved();
    await screenshot(browser, 'editor');
  });

  it('publishing makes version 1; the live URL is copied from the trigger node', async () => {
    await editor.publish(1);
    hookUrl = await editor.copyLiveUrl();
    expect(hookUrl).toMatch(/\/hooks\/[A-Za-z0-9_-]+$/);
  });

  it('submissions to the live URL, form-encoded and JSON, show as succeeded runs without a reload', async () => {
    await editor.openTab('Runs', flowId);
    await browser.page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    const form = new URLSearchParams({ email: 'grace@example.com', name: 'Grace Hopper' }).toString();
    expect((await post(hookUrl, form, 'application/x-www-form-urlencoded')).status).toBe(202);
    expect((await post(hookUrl, JSON.stringify({ email: 'alan@example.com', name: 'Alan Turing' }))).status).toBe(202);
    const runs = new RunsPage(browser.page);
    for (const who of ['grace@example.com', 'alan@example.com']) await runs.waitForRun('succeeded', who);
    await screenshot(browser, 'flow-runs');
  });

  it('a run shows its graph by status, the step output and the raw event, with no serious axe finding', async () => {
    const run = await new RunsPage(browser.page).openRun('succeeded', 'grace@example.com');
    await run.step('email', 'succeeded').waitFor();
    await editor.selectNode('contact').catch(() => run.selectStep('contact'));
    await browser.page.getByTestId('step-output').getByText('contactId').waitFor();
    await browser.page.getByTestId('event-body').getByText('grace@example.com').waitFor();
    await screenshot(browser, 'run');
    expect(await seriousAxe(browser, 'the run page')).toEqual([]);
  });

  it('the contacts are in Contacts', async () => {
    await browser.page.goto(`${baseUrl()}/contacts`);
    await browser.page.getByText('grace@example.com').first().waitFor();
    await browser.page.getByText('alan@example.com').first().waitFor();
  });

  it('each submitter got one acknowledgement through the SMTP server', async () => {
    const m1 = await mail.waitForMail('grace@example.com');
    expect(m1.subject).toBe('Thanks, Grace Hopper');
    expect(m1.text).toContain('We got your message.');
    const m2 = await mail.waitForMail('alan@example.com');
    expect(m2.subject).toBe('Thanks, Alan Turing');
    expect(mail.messages.filter((m) => m.to.includes('grace@example.com'))).toHaveLength(1);
  });

  it('the flows list shows the flow live, its last run and the day’s count', async () => {
    await browser.page.goto(`${baseUrl()}/flows`);
    const row = browser.page.locator('[data-testid="flows-table"] tr', { hasText: 'Contact form' });
    expect(await row.getByText('live').isVisible()).toBe(true);
    expect(await row.getByText('succeeded').isVisible()).toBe(true);
    expect(await row.getByRole('link', { name: /^2 runs in the last 24 hours/ }).isVisible()).toBe(true);
    await screenshot(browser, 'flows-list');
    expect(await seriousAxe(browser, 'the flows list')).toEqual([]);
  });
});

describe('a flow with problems', () => {
  let tenant: Tenant;
  let browser: Browser;
  let editor: EditorPage;
  let flowId: string;

  beforeAll(async () => {
    tenant = await createTenant('invalid');
    browser = await signedInBrowser(tenant.cookie);
    flowId = await EditorPage.create(browser.page, { template: 'Website form → CRM lead + acknowledgement email' });
    editor = new EditorPage(browser.page);
    // An unconnected step, and a required field of the CRM step cleared.
    await editor.node('trigger').waitFor();
    await editor.addStep('delay');
    await editor.node('delay').waitFor();
    await editor.selectNode('lead');
    await editor.field('Email').fill('');
    await editor.waitSaved();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Delete removes a node; Ctrl+Z brings it back, Ctrl+Shift+Z removes it again', async () => {
    await editor.selectNode('delay');
    await editor.focusNode('delay');
    const { keyboard } = browser.page;
    await keyboard.press('Delete');
    await editor.node('delay').waitFor({ state: 'detached' });
    await keyboard.press('Control+z');
    await editor.node('delay').waitFor();
    await keyboard.press('Control+Shift+z');
    await editor.node('delay').waitFor({ state: 'detached' });
    await keyboard.press('Control+z');
    await editor.node('delay').waitFor();
    await editor.waitSaved();
  });

  it('publishing shows each problem on its node and the field’s message beside the field', async () => {
    await editor.publishRefused();
    expect(await editor.nodeIssues('ack').textContent()).toMatch(/connection/i);
    expect(await editor.nodeIssues('lead').textContent()).toMatch(/email/i);
    expect(await editor.nodeIssues('delay').isVisible()).toBe(true);
    expect(await editor.nodeIssues('trigger').count()).toBe(0);
    await browser.page.getByText('Email is required').first().waitFor();
  });

  it('nothing is published', async () => {
    const flow = await db.flow.findFirstOrThrow({
      where: { id: flowId, workspaceId: tenant.workspaceId },
      select: { status: true, publishedVersion: true },
    });
    expect(flow).toEqual({ status: 'draft', publishedVersion: null });
    expect(await db.flowVersion.count({ where: { flowId } })).toBe(0);
  });
});

describe('a paused flow', () => {
  let browser: Browser;
  let editor: EditorPage;
  let flow: { id: string; webhookUrl: string };

  beforeAll(async () => {
    const tenant = await createTenant('paused');
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}' },
          position: { x: 0, y: 160 },
        },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'Pause me', graph } });
    flow = created.json;
    expect((await api(`/api/v1/flows/${flow.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(200);
    browser = await signedInBrowser(tenant.cookie);
    editor = await EditorPage.open(browser.page, flow.id);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('holds the events sent while paused, and the editor counts them', async () => {
    await editor.pause();
    const sent = await post(flow.webhookUrl, JSON.stringify({ email: 'held@example.com' }));
    expect((await sent.json()).status).toBe('held');
    await editor.heldCount().getByText('1 held event').waitFor({ timeout: 20_000 });
  });

  it('“Run held” runs them', async () => {
    await browser.page.getByRole('button', { name: 'Run held' }).click();
    await editor.heldCount().waitFor({ state: 'detached', timeout: 20_000 });
    await editor.openTab('Runs', flow.id);
    await new RunsPage(browser.page).waitForRun('succeeded', 'held@example.com');
  });

  it('the overview charts the run', async () => {
    await editor.openTab('Overview', flow.id);
    const chart = browser.page.getByRole('img', { name: /Events and runs per hour/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/1 succeeded/);
    await screenshot(browser, 'overview');
  });

  it('the flows and runs lists fit a phone screen', async () => {
    await browser.page.setViewportSize({ width: 390, height: 844 });
    for (const list of ['/flows', '/runs', `/flows/${flow.id}/runs`]) {
      await browser.page.goto(`${baseUrl()}${list}`);
      await browser.page.locator('table').first().waitFor();
      expect(await overflow(browser), list).toBeLessThanOrEqual(0);
    }
    await screenshot(browser, 'runs-390');
  });
});

describe('a failed run, replayed', () => {
  let browser: Browser;
  let run: RunPage;
  let healthy = false;
  let target: Awaited<ReturnType<typeof startRecordingServer>>;
  let failedId: string;
  const notifyCalls = () => target.requests.filter((r) => r.path === '/notify');

  beforeAll(async () => {
    const tenant = await createTenant('replay');
    target = await startRecordingServer(() =>
      healthy ? { status: 200, body: { ok: true } } : { status: 400, body: { error: 'bad' } },
    );
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}' },
          position: { x: 0, y: 160 },
        },
        {
          id: 'notify',
          type: 'http.request',
          config: { method: 'POST', url: `${target.url}/notify`, body: { email: '{{ trigger.body.email }}' } },
          position: { x: 0, y: 320 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'notify' },
      ],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'Replay me', graph } });
    expect(created.status).toBe(201);
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(
      200,
    );
    expect((await post(created.json.webhookUrl, JSON.stringify({ email: 'replay@example.com' }))).status).toBe(202);
    const failed = await waitFor(
      () =>
        db.run.findFirst({
          where: { flowId: created.json.id, workspaceId: tenant.workspaceId, status: 'failed' },
          select: { id: true },
        }),
      { what: 'the run to fail', timeoutMs: 30_000 },
    );
    failedId = failed.id;
    browser = await signedInBrowser(tenant.cookie);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('the nav badge counts the failure', async () => {
    const runs = await RunsPage.open(browser.page);
    await expect.poll(() => runs.failedBadge().textContent(), { timeout: 20_000 }).toBe('1');
  });

  it('the run page shows the failed step and its error', async () => {
    run = await RunPage.open(browser.page, failedId);
    await run.step('notify', 'failed').waitFor();
    await browser.page.getByTestId('step-error').waitFor();
  });

  it('a replay from the failed step reuses the earlier steps and calls only the failed one again', async () => {
    healthy = true;
    const replayId = await run.replay('Replay from failed step');
    await run.step('notify', 'succeeded').waitFor({ timeout: 30_000 });
    await run.selectStep('lead');
    await browser.page.getByText('reused from the original run').waitFor();
    const steps = await db.stepRun.findMany({
      where: { runId: replayId },
      select: { nodeId: true, reused: true, status: true },
    });
    expect(steps.find((s) => s.nodeId === 'lead')).toMatchObject({ reused: true, status: 'succeeded' });
    expect(notifyCalls()).toHaveLength(2);
  });

  it('a whole replay runs every step again', async () => {
    const wholeId = await run.replay('Replay');
    expect(wholeId).not.toBe(failedId);
    await run.step('notify', 'succeeded').waitFor({ timeout: 30_000 });
    const wholeSteps = await db.stepRun.findMany({ where: { runId: wholeId }, select: { nodeId: true, reused: true } });
    expect(wholeSteps.every((s) => !s.reused)).toBe(true);
    expect(notifyCalls()).toHaveLength(3);
  });

  it('the run page fits a phone screen', async () => {
    await browser.page.setViewportSize({ width: 390, height: 844 });
    await browser.page.reload();
    await browser.page.getByTestId('run-graph').waitFor();
    await screenshot(browser, 'run-390');
    expect(await overflow(browser)).toBeLessThanOrEqual(0);
  });
});
