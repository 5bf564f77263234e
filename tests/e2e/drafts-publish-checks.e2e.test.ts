import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { postJson, waitForFinishedRun } from '../helpers/hooks';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// Issue 16, items 4 and 5, as a person meets them in Chromium. Editing a live
// flow is a draft the header owns up to: "Unpublished changes", a review of
// them against the live version, a submission that still runs the live one,
// and "Discard changes" putting the live version back on the canvas. And a
// flow with several mistakes shows them all at once on publish, on their steps
// and next to their fields, until each is fixed and the flow publishes.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function selectNode(page: Page, id: string) {
  await page.locator(`[data-testid="node-${id}"] p`).first().click();
  await page.getByTestId('config-panel').waitFor();
}

async function waitSaved(page: Page) {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

const publishState = (page: Page, state: 'never' | 'live' | 'changed') =>
  page.locator(`[data-testid="publish-state"][data-state="${state}"]`).waitFor();

const leadGraph = (company: string) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', label: 'Website form', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'lead',
      type: 'crm.upsertContact',
      label: 'Save the lead',
      config: { email: '{{ trigger.body.email }}', company },
      position: { x: 0, y: 180 },
    },
  ],
  edges: [{ source: 'trigger', target: 'lead' }],
});

describe('drafts of a live flow, and publish checks, in the browser', () => {
  it('editing a live flow shows “Unpublished changes”, reviews them, still runs live, and discards back to live', async () => {
    const tenant = await createTenant('drafts-e2e');
    const as = { key: tenant.apiKey };
    const created = await api('/api/v1/flows', { ...as, body: { name: 'Leads', graph: leadGraph('Acme') } });
    const flowId = created.json.id as string;
    expect((await api(`/api/v1/flows/${flowId}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 1 });
    const never = await api('/api/v1/flows', { ...as, body: { name: 'Not yet', graph: leadGraph('Acme') } });

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());

    // A flow never published says so.
    await page.goto(`${baseUrl()}/flows/${never.json.id}`);
    await publishState(page, 'never');
    expect(await page.getByTestId('publish-state').innerText()).toBe('Draft — not live yet');
    await selectNode(page, 'trigger');
    expect(await page.getByTestId('what-runs').innerText()).toContain('Not live yet');

    // The live flow, unchanged: live, nothing to review.
    await page.goto(`${baseUrl()}/flows/${flowId}`);
    await publishState(page, 'live');
    expect(await page.getByTestId('publish-state').innerText()).toBe('v1 is live');
    expect(await page.getByTestId('save-state').innerText()).toBe('All changes saved');

    // An edit is saved as a draft, and the header says it is not live.
    await selectNode(page, 'lead');
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Globex');
    await waitSaved(page);
    await publishState(page, 'changed');
    expect(await page.getByTestId('publish-state').innerText()).toContain('Unpublished changes');
    expect(await page.getByTestId('save-state').innerText()).toBe('Draft saved');
    expect(await page.getByTestId('save-state').innerText()).not.toContain('All changes saved');
    // Moving a step is layout, not a change to what runs: dragging does not count (checked by diffGraphs' tests).

    // Where the person tests: the panel says a submission runs the live version, not the draft.
    await selectNode(page, 'trigger');
    const whatRuns = await page.getByTestId('what-runs').innerText();
    expect(whatRuns).toContain('run the live version 1, not the unpublished changes');

    // And so it does: a submission now creates the contact with the live company.
    const sent = await postJson(created.json.webhookUrl, { email: 'ada@example.com' });
    expect(sent.status).toBe(202);
    expect((await waitForFinishedRun(sent.json.eventId)).status).toBe('succeeded');
    const contact = await db.contact.findFirstOrThrow({
      where: { workspaceId: tenant.workspaceId, email: 'ada@example.com' },
      select: { company: true },
    });
    expect(contact.company).toBe('Acme');

    // Review: the diff against the live version names the step and field with both values.
    await page.getByRole('button', { name: 'Review changes' }).click();
    const review = page.getByRole('dialog', { name: 'Changes since live version 1' });
    await review.waitFor();
    const diff = await review.getByTestId('version-diff').innerText();
    expect(diff).toContain('Changed: Save the lead (lead)');
    expect(diff).toContain('config.company');
    expect(diff).toContain('Acme');
    expect(diff).toContain('Globex');
    await browser.screenshot('drafts-review-changes');
    // The header and the dialog (the canvas and panels are audited elsewhere).
    expect(await axeAudit(page, ['.react-flow', 'aside'])).toEqual([]);

    // Discard, after a confirm; "Keep editing" first changes nothing.
    await review.getByRole('button', { name: 'Discard changes…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Discard your changes?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    await confirm.waitFor({ state: 'detached' });
    await publishState(page, 'changed');
    expect((await api(`/api/v1/flows/${flowId}`, as)).json.graph.nodes[1].config.company).toBe('Globex');

    await page.getByRole('button', { name: 'Discard changes', exact: true }).click();
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Discard changes', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await publishState(page, 'live');
    await page.getByText('Changes discarded: the flow is back to live version 1.').waitFor();
    // The canvas is the live version again, and so is the saved draft.
    await selectNode(page, 'lead');
    expect(await page.getByRole('textbox', { name: 'Company', exact: true }).inputValue()).toBe('Acme');
    await waitSaved(page);
    const after = await api(`/api/v1/flows/${flowId}`, as);
    expect(after.json.graph.nodes[1].config.company).toBe('Acme');
    expect(after.json.publishedVersion).toBe(1);
    await browser.screenshot('drafts-discarded');
  });

  it('a flow with several mistakes: publish shows every one on its step and field; fixed, it publishes', async () => {
    const tenant = await createTenant('publish-checks-e2e');
    const as = { key: tenant.apiKey };
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', label: 'Website form', config: {}, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          label: 'Save the lead',
          config: { email: '{{ trigger.body.email }}' },
          position: { x: 0, y: 180 },
        },
        {
          id: 'notify',
          type: 'http.request',
          label: 'Tell the CRM',
          config: { method: 'POST', url: 'https://crm.example/hook' },
          position: { x: 0, y: 360 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'lead' },
        { source: 'lead', target: 'notify' },
      ],
    };
    const created = await api('/api/v1/flows', { ...as, body: { name: 'Mistakes', graph } });
    const flowId = created.json.id as string;

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flowId}`);

    // Three mistakes, as a person makes them: a "{{" never closed, a step that does not exist,
    // a value from a step that runs later.
    await selectNode(page, 'lead');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('{{ trigger.body.name');
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('{{ steps.notify.status }}');
    await selectNode(page, 'notify');
    await page
      .getByRole('textbox', { name: 'URL', exact: true })
      .fill('https://crm.example/hook?id={{ steps.nope.id }}');
    await waitSaved(page);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Nothing was published: fix these 3 problems marked on the steps.').waitFor();
    const list = page.getByTestId('publish-problems');
    const items = await list.getByRole('listitem').allInnerTexts();
    expect(items).toEqual([
      expect.stringMatching(/^Save the lead — Name: A “\{\{” is never closed: add “\}\}” after “trigger\.body\.name”/),
      expect.stringMatching(
        /^Save the lead — Company: “steps\.notify\.status” comes from “Tell the CRM”, which runs after this step/,
      ),
      expect.stringMatching(/^Tell the CRM — URL: “steps\.nope\.id” names a step “nope” that this flow does not have/),
    ]);
    // On the nodes: a badge with the count, and the list.
    expect(await page.getByTestId('node-badge-lead').innerText()).toBe('2 to fix');
    expect(await page.getByTestId('node-badge-notify').innerText()).toBe('1 to fix');
    expect(await page.getByTestId('node-badge-trigger').count()).toBe(0);
    expect(await page.getByTestId('node-issues-notify').innerText()).toContain('URL: “steps.nope.id”');
    await browser.screenshot('publish-checks-problems');
    expect(await axeAudit(page, ['.react-flow__minimap', '.react-flow__controls', 'aside'])).toEqual([]);

    // Picking a problem selects its step and puts the cursor in the field, with the message next to it.
    await list.getByRole('button', { name: /Tell the CRM — URL/ }).click();
    await page.getByTestId('config-panel').getByRole('heading', { name: 'HTTP request' }).waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('[data-config-field]')?.getAttribute('data-config-field')),
      )
      .toBe('url');
    const urlError = page.locator('[data-config-field="url"] [role="alert"]');
    expect(await urlError.innerText()).toContain('names a step “nope” that this flow does not have');
    await page
      .getByRole('textbox', { name: 'URL', exact: true })
      .fill('https://crm.example/hook?id={{ steps.lead.contactId }}');
    // The fixed field's mark goes at once; the others stay until the next publish.
    await page.getByTestId('node-badge-notify').waitFor({ state: 'detached' });
    expect(await list.getByRole('listitem').count()).toBe(2);

    await list.getByRole('button', { name: /Save the lead — Name/ }).click();
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('[data-config-field]')?.getAttribute('data-config-field')),
      )
      .toBe('name');
    expect(await page.locator('[data-config-field="name"] [role="alert"]').innerText()).toContain('is never closed');
    expect(await page.locator('[data-config-field="company"] [role="alert"]').innerText()).toContain(
      'runs after this step',
    );
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('{{ trigger.body.name }}');
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('{{ trigger.body.company }}');
    await waitSaved(page);
    expect(await db.flowVersion.count({ where: { flowId } })).toBe(0);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published version 1.', { exact: false }).waitFor();
    await publishState(page, 'live');
    expect(await page.getByTestId('publish-problems').count()).toBe(0);
    const versions = (await api(`/api/v1/flows/${flowId}/versions`, as)).json.items;
    expect(versions).toHaveLength(1);
    const published = versions[0].graph.nodes;
    expect(published.find((n: { id: string }) => n.id === 'lead').config.name).toBe('{{ trigger.body.name }}');
    expect(published.find((n: { id: string }) => n.id === 'notify').config.url).toContain('steps.lead.contactId');
  });
});
