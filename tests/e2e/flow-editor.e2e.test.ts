import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, screenshotDir, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// The user story in a real Chromium: sign up, drag a form-to-CRM flow together,
// pick fields from a test event, publish, send submissions to the copied URL,
// watch the runs succeed live, find the contacts and the emails. Plus: publish
// errors shown on the nodes, and replay from a failed step on the run page.

const root = path.resolve(import.meta.dirname, '../..');
let browser: Browser | undefined;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await mail?.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Saved where the suite's screenshots go and under test-results/screenshots/ (the artifact path). */
async function screenshot(b: Browser, name: string) {
  await b.screenshot(name);
  const dir = path.join(root, 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(screenshotDir, `${name}.png`), path.join(dir, `${name}.png`));
}

/** Drags the source handle (bottom) of one node onto the target handle (top) of another. */
async function connectNodes(page: Page, from: string, to: string) {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  await page
    .locator(`.react-flow__edge[data-id="${from}->${to}"], [data-testid="rf__edge-${from}->${to}"]`)
    .first()
    .waitFor({ state: 'attached' });
}

/** Picks a sample field into a template field through the variable picker. */
async function pickVariable(page: Page, fieldLabel: string, group: string, field: string) {
  await page.getByRole('button', { name: `Insert variable into ${fieldLabel}` }).click();
  const picker = page.getByRole('dialog', { name: 'Insert a variable' });
  await picker
    .getByRole('group', { name: group })
    .getByRole('button', { name: new RegExp(`^${field},`) })
    .click();
}

async function selectNode(page: Page, id: string) {
  await page.locator(`[data-testid="node-${id}"] p`).first().click();
  await page.getByTestId('config-panel').waitFor();
}

async function waitSaved(page: Page) {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

describe('flow editor and runs in the browser', () => {
  it('the whole story: sign up, build a form → CRM → email flow, publish, submissions run live, contacts and emails arrive', async () => {
    browser = await openBrowser();
    const { page } = browser;
    const email = `owner-${Date.now()}@example.test`;

    // Sign up.
    await page.goto(`${baseUrl()}/sign-up`);
    await page.getByLabel('Name').fill('Fiona Form');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/flows');

    // New flow (blank): the editor opens with the webhook trigger placed.
    await page.getByRole('link', { name: 'New flow' }).first().click();
    await page.waitForURL('**/flows/new');
    await page.getByLabel('Flow name').fill('Contact form');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowId = page.url().split('/').pop()!;
    await page.getByTestId('node-trigger').waitFor();

    // Drag "Add contact to CRM" and "Send email" from the palette onto the canvas.
    const canvas = page.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    const trigger = (await page.getByTestId('node-trigger').boundingBox())!;
    const cx = trigger.x - box.x + trigger.width / 2;
    await page
      .locator('[data-step-type="crm.upsertContact"]')
      .dragTo(canvas, { targetPosition: { x: cx, y: trigger.y - box.y + trigger.height + 90 } });
    await page.getByTestId('node-contact').waitFor();
    const contact = (await page.getByTestId('node-contact').boundingBox())!;
    await page
      .locator('[data-step-type="email.send"]')
      .dragTo(canvas, { targetPosition: { x: cx, y: contact.y - box.y + contact.height + 90 } });
    await page.getByTestId('node-email').waitFor();

    // Connect them by dragging handles.
    await connectNodes(page, 'trigger', 'contact');
    await connectNodes(page, 'contact', 'email');

    // Listen for a test event, and send one to the test URL.
    await selectNode(page, 'trigger');
    const testUrl = await page.getByTestId('test-url').inputValue();
    expect(testUrl).toMatch(/\/hooks\/[A-Za-z0-9_-]+\/test$/);
    await page.getByRole('button', { name: 'Listen for test event' }).click();
    await page.getByTestId('listening').waitFor();
    const testRes = await fetch(testUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sample@example.com', name: 'Sam Sample', message: 'Hi' }),
    });
    expect(testRes.status).toBe(202);
    await page.getByTestId('sample-event').waitFor({ timeout: 20_000 });
    await screenshot(browser, 'editor-trigger');

    // Configure the CRM step with the variable picker.
    await selectNode(page, 'contact');
    await pickVariable(page, 'Email', 'Trigger → body', 'email');
    await expect(page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).resolves.toBe(
      '{{ trigger.body.email }}',
    );
    await pickVariable(page, 'Name', 'Trigger → body', 'name');
    await expect(page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe(
      '{{ trigger.body.name }}',
    );
    // "Test step" runs it with the sample event and shows the output inline.
    await waitSaved(page);
    await page.getByRole('button', { name: 'Test step' }).click();
    await page.getByTestId('test-output').getByText('contactId').waitFor({ timeout: 20_000 });

    // Configure the email step: a new SMTP connection inline, fields from the picker.
    await selectNode(page, 'email');
    await page.getByRole('button', { name: 'New Email (SMTP) connection' }).click();
    const form = page.getByRole('group', { name: 'New Email (SMTP) connection' });
    await form.getByLabel('Connection name').fill('Test mail server');
    // The labels of the Connections page: both forms read the schema's .meta().
    await form.getByLabel('SMTP server').fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
    await form.getByLabel('From address').fill('hello@shop.example');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect
      .poll(() => page.getByLabel('Connection', { exact: true }).inputValue(), { timeout: 10_000 })
      .toMatch(/^[0-9a-f-]{36}$/);
    // The tested step's output is offered to later steps.
    await page.getByRole('button', { name: 'Insert variable into To' }).click();
    await page
      .getByRole('dialog', { name: 'Insert a variable' })
      .getByRole('group', { name: 'Add contact to CRM → output' })
      .getByRole('button', { name: /^contactId,/ })
      .waitFor();
    await page.getByRole('button', { name: 'Insert variable into To' }).click();
    await pickVariable(page, 'To', 'Trigger → body', 'email');
    await page.getByRole('textbox', { name: 'Subject', exact: true }).fill('Thanks, ');
    await pickVariable(page, 'Subject', 'Trigger → body', 'name');
    await expect(page.getByRole('textbox', { name: 'Subject', exact: true }).inputValue()).resolves.toBe(
      'Thanks, {{ trigger.body.name }}',
    );
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('We got your message.');
    await waitSaved(page);
    await screenshot(browser, 'editor');

    // Publish.
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1').waitFor();

    // Copy the live URL from the trigger node.
    await page.locator('[data-testid="node-trigger"]').getByRole('button', { name: 'Copy URL' }).click();
    const hookUrl = await page.evaluate(() => navigator.clipboard.readText());
    expect(hookUrl).toMatch(/\/hooks\/[A-Za-z0-9_-]+$/);

    // Watch the flow's runs while submissions arrive (no reload).
    await page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(`**/flows/${flowId}/runs`);
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();

    const form1 = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'grace@example.com', name: 'Grace Hopper' }).toString(),
    });
    expect(form1.status).toBe(202);
    const json1 = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alan@example.com', name: 'Alan Turing' }),
    });
    expect(json1.status).toBe(202);

    for (const who of ['grace@example.com', 'alan@example.com']) {
      await page.locator('tr[data-status="succeeded"]', { hasText: who }).waitFor({ timeout: 30_000 });
    }
    await screenshot(browser, 'flow-runs');

    // Open a run: the graph coloured by status, step details, the raw event.
    await page
      .locator('tr[data-status="succeeded"]', { hasText: 'grace@example.com' })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="node-email"][data-status="succeeded"]').waitFor();
    await selectNode(page, 'contact').catch(() => page.locator('[data-testid="node-contact"]').click());
    await page.getByTestId('step-output').getByText('contactId').waitFor();
    await page.getByTestId('event-body').getByText('grace@example.com').waitFor();
    await screenshot(browser, 'run');
    const runAudit = await axeAudit(page);
    console.log('axe on the run page:', JSON.stringify(runAudit));
    expect(runAudit.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // The contacts are in Contacts.
    await page.goto(`${baseUrl()}/contacts`);
    await page.getByText('grace@example.com').first().waitFor();
    await page.getByText('alan@example.com').first().waitFor();

    // And the acknowledgements reached the SMTP server.
    const m1 = await mail.waitForMail('grace@example.com');
    expect(m1.subject).toBe('Thanks, Grace Hopper');
    expect(m1.text).toContain('We got your message.');
    const m2 = await mail.waitForMail('alan@example.com');
    expect(m2.subject).toBe('Thanks, Alan Turing');
    expect(mail.messages.filter((m) => m.to.includes('grace@example.com'))).toHaveLength(1);

    // The flows list shows the flow live, its last run and the day's count.
    await page.goto(`${baseUrl()}/flows`);
    const row = page.locator('[data-testid="flows-table"] tr', { hasText: 'Contact form' });
    await expect(row.getByText('live').isVisible()).resolves.toBe(true);
    await expect(row.getByText('succeeded').isVisible()).resolves.toBe(true);
    await expect(row.getByRole('link', { name: /^2 runs in the last 24 hours/ }).isVisible()).resolves.toBe(true);
    await screenshot(browser, 'flows-list');
    const listAudit = await axeAudit(page);
    console.log('axe on the flows list:', JSON.stringify(listAudit));
    expect(listAudit.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('publishing an invalid graph shows the errors on the offending nodes and publishes nothing', async () => {
    const tenant = await createTenant('invalid');
    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/new`);
    await page.getByLabel('Website form → CRM lead + acknowledgement email').check();
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowId = page.url().split('/').pop()!;

    // Add an unconnected step, clear a required field on the CRM step.
    await page.getByTestId('node-trigger').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.locator('[data-step-type="delay"]').click();
    await page.getByTestId('node-delay').waitFor();
    await selectNode(page, 'lead');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('');
    await waitSaved(page);

    // Delete and undo/redo from the keyboard.
    await selectNode(page, 'delay');
    await page.locator('.react-flow__node[data-id="delay"]').focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('node-delay').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.getByTestId('node-delay').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await page.getByTestId('node-delay').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.getByTestId('node-delay').waitFor();
    await waitSaved(page);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/Nothing was published/).waitFor();
    await expect(page.getByTestId('node-issues-ack').textContent()).resolves.toMatch(/connection/i);
    await expect(page.getByTestId('node-issues-lead').textContent()).resolves.toMatch(/email/i);
    await expect(page.getByTestId('node-issues-delay').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('node-issues-trigger').count()).resolves.toBe(0);
    // The field's own message sits next to it in the panel.
    await page.getByText('Email is required').first().waitFor();

    const flow = await db.flow.findFirstOrThrow({
      where: { id: flowId, workspaceId: tenant.workspaceId },
      select: { status: true, publishedVersion: true },
    });
    expect(flow).toEqual({ status: 'draft', publishedVersion: null });
    expect(await db.flowVersion.count({ where: { flowId } })).toBe(0);
  });

  it('pausing holds events: the editor counts them and runs them on request; the overview charts the run', async () => {
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
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(
      200,
    );

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${created.json.id}`);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();

    const sent = await fetch(created.json.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'held@example.com' }),
    });
    expect((await sent.json()).status).toBe('held');
    await page.getByTestId('held-count').getByText('1 held event').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Run held' }).click();
    await page.getByTestId('held-count').waitFor({ state: 'detached', timeout: 20_000 });

    await page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: 'Runs' }).click();
    await page.locator('tr[data-status="succeeded"]', { hasText: 'held@example.com' }).waitFor({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: 'Overview' }).click();
    await expect(
      page.getByRole('img', { name: /Events and runs per hour/ }).getAttribute('aria-label'),
    ).resolves.toMatch(/1 succeeded/);
    await screenshot(browser, 'overview');

    // Lists on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const list of ['/flows', '/runs', `/flows/${created.json.id}/runs`]) {
      await page.goto(`${baseUrl()}${list}`);
      await page.locator('table').first().waitFor();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        list,
      ).toBeLessThanOrEqual(0);
    }
    await screenshot(browser, 'runs-390');
  });

  it('a failed run is replayed from its failed step: earlier steps are reused, not repeated', async () => {
    const tenant = await createTenant('replay');
    let healthy = false;
    const target = await startRecordingServer(() =>
      healthy ? { status: 200, body: { ok: true } } : { status: 400, body: { error: 'bad' } },
    );
    try {
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
      expect(
        (await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status,
      ).toBe(200);
      const sent = await fetch(created.json.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'replay@example.com' }),
      });
      expect(sent.status).toBe(202);
      const failed = await waitFor(
        () =>
          db.run.findFirst({
            where: { flowId: created.json.id, workspaceId: tenant.workspaceId, status: 'failed' },
            select: { id: true },
          }),
        { what: 'the run to fail', timeoutMs: 30_000 },
      );

      browser = await openBrowser();
      const { page } = browser;
      await addSessionCookie(browser.context, tenant.cookie, baseUrl());
      // The nav badge counts the failure.
      await page.goto(`${baseUrl()}/runs`);
      await expect
        .poll(() => page.getByTestId('failed-runs-badge').first().textContent(), { timeout: 20_000 })
        .toBe('1');
      await page.goto(`${baseUrl()}/runs/${failed.id}`);
      await page.locator('[data-testid="node-notify"][data-status="failed"]').waitFor();
      await page.getByTestId('step-error').waitFor();

      healthy = true;
      await page.getByRole('button', { name: 'Replay from failed step' }).click();
      await page.waitForURL((u) => /\/runs\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(failed.id));
      await page.locator('[data-testid="node-notify"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="node-lead"]').click();
      await page.getByText('reused from the original run').waitFor();

      const replayId = page.url().split('/').pop()!;
      const steps = await db.stepRun.findMany({
        where: { runId: replayId },
        select: { nodeId: true, reused: true, status: true },
      });
      expect(steps.find((s) => s.nodeId === 'lead')).toMatchObject({ reused: true, status: 'succeeded' });
      expect(target.requests.filter((r) => r.path === '/notify')).toHaveLength(2);

      // A whole replay runs every step again.
      await page.getByRole('button', { name: 'Replay', exact: true }).click();
      await page.waitForURL((u) => !u.pathname.endsWith(replayId) && !u.pathname.endsWith(failed.id));
      await page.locator('[data-testid="node-notify"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
      const wholeId = page.url().split('/').pop()!;
      const wholeSteps = await db.stepRun.findMany({
        where: { runId: wholeId },
        select: { nodeId: true, reused: true },
      });
      expect(wholeSteps.every((s) => !s.reused)).toBe(true);
      expect(target.requests.filter((r) => r.path === '/notify')).toHaveLength(3);

      // The run page works on a phone: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await page.getByTestId('run-graph').waitFor();
      await screenshot(browser, 'run-390');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await target.close();
    }
  });
});
