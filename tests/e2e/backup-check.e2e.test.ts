import { afterEach, describe, expect, it } from 'vitest';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { triggerOnlyGraph } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// The backup check in Chromium: Preview on the trigger's settings in the
// editor, then — once published and an item the webhook never delivered was
// caught — the flow page's events by source and the flow list's alert.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('backup check in the browser', () => {
  it('previews the source from the editor; the flow page and the flow list show what it caught', async () => {
    const items = [
      { id: 'r-1', email: 'a@example.test' },
      { id: 'r-2', email: 'b@example.test' },
    ];
    const tool = await startRecordingServer(() => ({ status: 200, body: { items } }));
    const tenant = await createTenant('bc-e2e');
    const backupCheck = { url: `${tool.url}/responses`, itemsPath: 'items', idPath: 'id', intervalMinutes: 60 };
    const created = await api('/api/v1/flows', {
      key: tenant.apiKey,
      body: { name: 'Contact form', graph: triggerOnlyGraph({ backupCheck }) },
    });
    const flowId = created.json.id as string;
    try {
      browser = await openBrowser();
      const { page } = browser;
      await addSessionCookie(browser.context, tenant.cookie, baseUrl());
      await page.goto(`${baseUrl()}/flows/${flowId}`);
      await page.locator('[data-testid="node-trigger"] p').first().click();
      const panel = page.getByTestId('backup-check-panel');
      await panel.getByRole('button', { name: 'Preview' }).click();
      const preview = panel.getByTestId('backup-check-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('Found 2 items on 1 page: 2 new.');
      expect(await preview.textContent()).toContain('r-1');
      await browser.screenshot('backup-check-preview');

      // Published: the two listed now are the baseline. A third arrives and no webhook delivers it.
      expect((await api(`/api/v1/flows/${flowId}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(200);
      const status = () => api(`/api/v1/flows/${flowId}/backup-check`, { key: tenant.apiKey }).then((r) => r.json);
      await waitFor(async () => (await status()).lastSuccessAt, { what: 'the baseline' });
      items.push({ id: 'r-3', email: 'c@example.test' });
      await api(`/api/v1/flows/${flowId}/backup-check/poll`, { key: tenant.apiKey, method: 'POST' });
      await waitFor(async () => (await status()).caughtLast7Days === 1, { what: 'the poll to catch r-3' });

      await page.goto(`${baseUrl()}/flows/${flowId}/overview`);
      const card = page.getByTestId('backup-check-card');
      expect(await card.getByTestId('backup-check-total').textContent()).toContain('Backup check: 1');
      expect(await card.getByTestId('backup-check-state').textContent()).toContain('caught 1 the webhook missed');
      // The baseline items can still be run on request.
      await card.getByRole('button', { name: 'Run the 2 items found at the start' }).click();
      await card.getByRole('status').getByText('2 items started.').waitFor();
      await browser.screenshot('backup-check-overview');

      await page.goto(`${baseUrl()}/flows`);
      const alert = page.getByTestId('backup-check-caught');
      expect(await alert.textContent()).toContain('Contact form: 1 event');
      await alert.getByRole('link', { name: 'Contact form' }).click();
      await page.waitForURL(`**/flows/${flowId}/overview`);
    } finally {
      await api(`/api/v1/flows/${flowId}`, { key: tenant.apiKey, method: 'DELETE' });
      await tool.close();
    }
  });
});
