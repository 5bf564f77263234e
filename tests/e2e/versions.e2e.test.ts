import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import type { Browser } from '../helpers/browser';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { SettingsPage } from './pages/settings';
import { signedInBrowser } from './pages/signed-in';

// Recovering from a bad change in Chromium: two published versions, the
// Versions tab's diff naming the changed field, restoring v1 into the draft
// and publishing it as v3; then the audit log lists the publishes and the
// restore. The `it`s run in order.

const graphWith = (url: string) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'call',
      type: 'http.request',
      label: 'Notify CRM',
      config: { method: 'POST', url },
      position: { x: 0, y: 160 },
    },
  ],
  edges: [{ source: 'trigger', target: 'call' }],
});

describe('flow versions in the browser', () => {
  let tenant: Tenant;
  let as: { cookie: string };
  let flowId: string;
  let browser: Browser;

  beforeAll(async () => {
    tenant = await createTenant('versions-e2e');
    as = { cookie: tenant.cookie };
    const created = await api('/api/v1/flows', {
      ...as,
      body: { name: 'Lead intake', graph: graphWith('https://crm.example/v1/leads') },
    });
    flowId = created.json.id;
    expect((await api(`/api/v1/flows/${flowId}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 1 });
    await api(`/api/v1/flows/${flowId}`, {
      ...as,
      method: 'PUT',
      body: { graph: graphWith('https://crm.example/v2/broken') },
    });
    expect((await api(`/api/v1/flows/${flowId}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 2 });
    browser = await signedInBrowser(tenant.cookie);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the Versions tab lists both versions by whom, and the diff v1 → v2 names the changed field with both values', async () => {
    const { page } = browser;
    const editor = await EditorPage.open(page, flowId);
    await editor.openTab('Versions', flowId);
    expect(await page.getByTestId('version-1').textContent()).toContain(tenant.email);
    expect(await page.getByTestId('version-2').textContent()).toContain('live');
    const diff = page.getByTestId('version-diff');
    await diff.waitFor();
    const diffText = await diff.textContent();
    expect(diffText).toContain('Changed: Notify CRM (call)');
    expect(diffText).toContain('config.url');
    expect(diffText).toContain('https://crm.example/v1/leads');
    expect(diffText).toContain('https://crm.example/v2/broken');
    await browser.screenshot('versions-diff');
    expect(await axeAudit(page)).toEqual([]);
  });

  it('restoring v1 into the draft changes nothing live', async () => {
    await browser.page.getByRole('button', { name: 'Restore into draft: version 1', exact: true }).click();
    await browser.page.getByRole('status').getByText('Version 1 is now the draft.', { exact: false }).waitFor();
    expect((await api(`/api/v1/flows/${flowId}`, as)).json.publishedVersion).toBe(2);
  });

  it('publishing the draft makes v3 with v1’s graph live', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Publish draft' }).click();
    await page.getByRole('status').getByText('Published', { exact: false }).waitFor();
    await page.getByTestId('version-3').getByText('live').waitFor();
    await browser.screenshot('versions-restored');
    const versions = (await api(`/api/v1/flows/${flowId}/versions`, as)).json.items;
    expect(versions[0].version).toBe(3);
    expect(versions[0].graph.nodes.find((n: { id: string }) => n.id === 'call').config.url).toBe(
      'https://crm.example/v1/leads',
    );
    expect((await api(`/api/v1/flows/${flowId}`, as)).json).toMatchObject({ status: 'live', publishedVersion: 3 });
  });

  it('the audit log lists, newest first, the three publishes and the restore by this user', async () => {
    const audit = await (await SettingsPage.open(browser.page)).openAuditLog();
    expect(await audit.actions()).toEqual(['flow.publish', 'flow.restore', 'flow.publish', 'flow.publish']);
    expect(await audit.entries().first().textContent()).toContain(tenant.email);
    expect(await audit.entries().nth(1).textContent()).toContain('Restored version into draft');
    await browser.screenshot('audit-log');
    expect(await axeAudit(browser.page)).toEqual([]);
  });
});
