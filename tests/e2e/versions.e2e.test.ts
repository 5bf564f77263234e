import { afterEach, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// Recovering from a bad change in Chromium: two published versions, the
// Versions tab's diff naming the changed field, restoring v1 into the draft
// and publishing it as v3; then the audit log lists the publishes and the restore.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

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
  it('shows the diff, restores v1 into the draft, publishes it as v3; the audit log lists it all', async () => {
    const tenant = await createTenant('versions-e2e');
    const as = { cookie: tenant.cookie };
    const created = await api('/api/v1/flows', {
      ...as,
      body: { name: 'Lead intake', graph: graphWith('https://crm.example/v1/leads') },
    });
    const flowId = created.json.id as string;
    expect((await api(`/api/v1/flows/${flowId}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 1 });
    await api(`/api/v1/flows/${flowId}`, {
      ...as,
      method: 'PUT',
      body: { graph: graphWith('https://crm.example/v2/broken') },
    });
    expect((await api(`/api/v1/flows/${flowId}/publish`, { ...as, method: 'POST' })).json).toEqual({ version: 2 });

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flowId}`);
    await page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: 'Versions' }).click();
    await page.waitForURL(`**/flows/${flowId}/versions`);

    // Both versions, by whom; the diff v1 → v2 names the changed field with both values.
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

    // Restore v1 into the draft: nothing live changes until it is published.
    await page.getByRole('button', { name: 'Restore into draft: version 1', exact: true }).click();
    await page.getByRole('status').getByText('Version 1 is now the draft.', { exact: false }).waitFor();
    expect((await api(`/api/v1/flows/${flowId}`, as)).json.publishedVersion).toBe(2);
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

    // The audit log page: newest first, the three publishes and the restore, by this user.
    await page.goto(`${baseUrl()}/settings`);
    await page.locator('a[href="/settings/audit"]').click();
    await page.waitForURL('**/settings/audit');
    const rows = page.getByTestId('audit-entry');
    await rows.first().waitFor();
    const acts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(acts).toEqual(['flow.publish', 'flow.restore', 'flow.publish', 'flow.publish']);
    expect(await rows.first().textContent()).toContain(tenant.email);
    expect(await rows.nth(1).textContent()).toContain('Restored version into draft');
    await browser.screenshot('audit-log');
    expect(await axeAudit(page)).toEqual([]);
  });
});
