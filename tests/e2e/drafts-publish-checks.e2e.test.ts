import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import type { Browser } from '../helpers/browser';
import { postJson, waitForFinishedRun } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { signedInBrowser } from './pages/signed-in';

// Issue 16, items 4 and 5, as a person meets them in Chromium. Editing a live
// flow is a draft the header owns up to: "Unpublished changes", a review of
// them against the live version, a submission that still runs the live one,
// and "Discard changes" putting the live version back on the canvas. And a
// flow with several mistakes shows them all at once on publish, on their steps
// and next to their fields, until each is fixed and the flow publishes.
// Each describe is one story on one browser; its `it`s run in order.

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

describe('editing a live flow is a draft: “Unpublished changes”, reviewed, still running live, discarded', () => {
  let tenant: Tenant;
  let as: { key: string };
  let flow: { id: string; webhookUrl: string };
  let neverId: string;
  let browser: Browser;
  let editor: EditorPage;
  const savedCompany = async () => (await api(`/api/v1/flows/${flow.id}`, as)).json.graph.nodes[1].config.company;

  beforeAll(async () => {
    tenant = await createTenant('drafts-e2e');
    as = { key: tenant.apiKey };
    flow = (await api('/api/v1/flows', { ...as, body: { name: 'Leads', graph: leadGraph('Acme') } })).json;
    expect((await api(`/api/v1/flows/${flow.id}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 1 });
    neverId = (await api('/api/v1/flows', { ...as, body: { name: 'Not yet', graph: leadGraph('Acme') } })).json.id;
    browser = await signedInBrowser(tenant.cookie);
    editor = new EditorPage(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a flow never published says so, in the header and on the trigger', async () => {
    await EditorPage.open(browser.page, neverId);
    await editor.publishState('never');
    expect(await editor.publishStateText()).toBe('Draft — not live yet');
    await editor.selectNode('trigger');
    expect(await editor.whatRunsText()).toContain('Not live yet');
  });

  it('the live flow, unchanged, is live with nothing to review', async () => {
    await EditorPage.open(browser.page, flow.id);
    await editor.publishState('live');
    expect(await editor.publishStateText()).toBe('v1 is live');
    expect(await editor.saveStateText()).toBe('All changes saved');
  });

  it('an edit is saved as a draft, and the header says it is not live', async () => {
    await editor.selectNode('lead');
    await editor.field('Company').fill('Globex');
    await editor.waitSaved();
    await editor.publishState('changed');
    expect(await editor.publishStateText()).toContain('Unpublished changes');
    expect(await editor.saveStateText()).toBe('Draft saved');
    expect(await editor.saveStateText()).not.toContain('All changes saved');
    // Moving a step is layout, not a change to what runs: dragging does not count (checked by diffGraphs' tests).
  });

  it('the trigger panel says a submission runs the live version, and so it does', async () => {
    await editor.selectNode('trigger');
    expect(await editor.whatRunsText()).toContain('run the live version 1, not the unpublished changes');
    const sent = await postJson(flow.webhookUrl, { email: 'ada@example.com' });
    expect(sent.status).toBe(202);
    expect((await waitForFinishedRun(sent.json.eventId)).status).toBe('succeeded');
    const contact = await db.contact.findFirstOrThrow({
      where: { workspaceId: tenant.workspaceId, email: 'ada@example.com' },
      select: { company: true },
    });
    expect(contact.company).toBe('Acme');
  });

  it('Review changes names the step and field against the live version, with both values', async () => {
    const { page } = browser;
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
  });

  it('discarding asks first; “Keep editing” changes nothing', async () => {
    const { page } = browser;
    const review = page.getByRole('dialog', { name: 'Changes since live version 1' });
    await review.getByRole('button', { name: 'Discard changes…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Discard your changes?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    await confirm.waitFor({ state: 'detached' });
    await editor.publishState('changed');
    expect(await savedCompany()).toBe('Globex');
  });

  it('Discard changes puts the live version back on the canvas and in the saved draft', async () => {
    const { page } = browser;
    const confirm = page.getByRole('alertdialog', { name: 'Discard your changes?' });
    await page.getByRole('button', { name: 'Discard changes', exact: true }).click();
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Discard changes', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await editor.publishState('live');
    await page.getByText('Changes discarded: the flow is back to live version 1.').waitFor();
    await editor.selectNode('lead');
    expect(await editor.field('Company').inputValue()).toBe('Acme');
    await editor.waitSaved();
    const after = await api(`/api/v1/flows/${flow.id}`, as);
    expect(after.json.graph.nodes[1].config.company).toBe('Acme');
    expect(after.json.publishedVersion).toBe(1);
    await browser.screenshot('drafts-discarded');
  });
});

describe('a flow with several mistakes: publish shows every one on its step and field; fixed, it publishes', () => {
  let as: { key: string };
  let flowId: string;
  let browser: Browser;
  let editor: EditorPage;

  beforeAll(async () => {
    const tenant = await createTenant('publish-checks-e2e');
    as = { key: tenant.apiKey };
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
    flowId = (await api('/api/v1/flows', { ...as, body: { name: 'Mistakes', graph } })).json.id;
    browser = await signedInBrowser(tenant.cookie);
    editor = await EditorPage.open(browser.page, flowId);
    // Three mistakes, as a person makes them: a "{{" never closed, a step that
    // does not exist, a value from a step that runs later.
    await editor.selectNode('lead');
    await editor.field('Name').fill('{{ trigger.body.name');
    await editor.field('Company').fill('{{ steps.notify.status }}');
    await editor.selectNode('notify');
    await editor.field('URL').fill('https://crm.example/hook?id={{ steps.nope.id }}');
    await editor.waitSaved();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('publish lists all three problems in the flow’s order and marks them on the steps', async () => {
    const { page } = browser;
    await editor.publishButton(true).click();
    await page.getByText('Nothing was published: fix these 3 problems marked on the steps.').waitFor();
    const items = await editor.publishProblems().getByRole('listitem').allInnerTexts();
    expect(items).toEqual([
      expect.stringMatching(/^Save the lead — Name: A “\{\{” is never closed: add “\}\}” after “trigger\.body\.name”/),
      expect.stringMatching(
        /^Save the lead — Company: “steps\.notify\.status” comes from “Tell the CRM”, which runs after this step/,
      ),
      expect.stringMatching(/^Tell the CRM — URL: “steps\.nope\.id” names a step “nope” that this flow does not have/),
    ]);
    // On the nodes: a badge with the count, and the list.
    expect(await editor.nodeBadge('lead').innerText()).toBe('2 to fix');
    expect(await editor.nodeBadge('notify').innerText()).toBe('1 to fix');
    expect(await editor.nodeBadge('trigger').count()).toBe(0);
    expect(await editor.nodeIssues('notify').innerText()).toContain('URL: “steps.nope.id”');
    await browser.screenshot('publish-checks-problems');
    expect(await axeAudit(page, ['.react-flow__minimap', '.react-flow__controls', 'aside'])).toEqual([]);
  });

  it('picking a problem selects its step and puts the cursor in the field, with the message next to it', async () => {
    await editor
      .publishProblems()
      .getByRole('button', { name: /Tell the CRM — URL/ })
      .click();
    await browser.page.getByTestId('config-panel').getByRole('heading', { name: 'HTTP request' }).waitFor();
    await expect.poll(() => editor.focusedField()).toBe('url');
    expect(await editor.fieldError('url').innerText()).toContain('names a step “nope” that this flow does not have');
  });

  it('a fixed field’s mark goes at once; the others stay until the next publish', async () => {
    await editor.field('URL').fill('https://crm.example/hook?id={{ steps.lead.contactId }}');
    await editor.nodeBadge('notify').waitFor({ state: 'detached' });
    expect(await editor.publishProblems().getByRole('listitem').count()).toBe(2);
  });

  it('the other problems lead to their fields too; fixed and saved, still nothing is published', async () => {
    await editor
      .publishProblems()
      .getByRole('button', { name: /Save the lead — Name/ })
      .click();
    await expect.poll(() => editor.focusedField()).toBe('name');
    expect(await editor.fieldError('name').innerText()).toContain('is never closed');
    expect(await editor.fieldError('company').innerText()).toContain('runs after this step');
    await editor.field('Name').fill('{{ trigger.body.name }}');
    await editor.field('Company').fill('{{ trigger.body.company }}');
    await editor.waitSaved();
    expect(await db.flowVersion.count({ where: { flowId } })).toBe(0);
  });

  it('fixed, the flow publishes the corrected fields', async () => {
    await editor.publishButton(true).click();
    await browser.page.getByText('Published version 1.', { exact: false }).waitFor();
    await editor.publishState('live');
    expect(await editor.publishProblems().count()).toBe(0);
    const versions = (await api(`/api/v1/flows/${flowId}/versions`, as)).json.items;
    expect(versions).toHaveLength(1);
    const published = versions[0].graph.nodes;
    expect(published.find((n: { id: string }) => n.id === 'lead').config.name).toBe('{{ trigger.body.name }}');
    expect(published.find((n: { id: string }) => n.id === 'notify').config.url).toContain('steps.lead.contactId');
  });
});
