import { afterEach, describe, expect, it } from 'vitest';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { triggerOnlyGraph } from '../helpers/hooks';
import { joinAs } from '../helpers/members';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// The backup check's "Preview" is an editor's action (the API answers a viewer
// 403): in Chromium a viewer sees the backup check's panel without the button,
// while an editor of the same workspace has it.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('backup check Preview by role', () => {
  it('a viewer gets no Preview button (the API refuses them); an editor does', async () => {
    const owner = await createTenant('bc-owner');
    const backupCheck = {
      url: 'https://forms.example/responses',
      itemsPath: 'items',
      idPath: 'id',
      intervalMinutes: 60,
    };
    const created = await api('/api/v1/flows', {
      key: owner.apiKey,
      body: { name: 'Contact form', graph: triggerOnlyGraph({ backupCheck }) },
    });
    const flowId = created.json.id as string;
    const [viewer, editor] = [await joinAs(owner, 'viewer', 'bc-viewer'), await joinAs(owner, 'editor', 'bc-editor')];

    const refused = await api(`/api/v1/flows/${flowId}/backup-check/preview`, {
      cookie: viewer.cookie,
      body: { config: backupCheck },
    });
    expect(refused.status).toBe(403);

    const panelFor = async (cookie: string) => {
      browser = await openBrowser();
      await addSessionCookie(browser.context, cookie, baseUrl());
      await browser.page.goto(`${baseUrl()}/flows/${flowId}`);
      await browser.page.locator('[data-testid="node-trigger"] p').first().click();
      const panel = browser.page.getByTestId('backup-check-panel');
      await panel.waitFor();
      return panel;
    };

    const viewerPanel = await panelFor(viewer.cookie);
    expect(await viewerPanel.getByText('Backup check', { exact: true }).count()).toBe(1);
    expect(await viewerPanel.getByRole('button', { name: 'Preview' }).count()).toBe(0);
    await browser!.screenshot('backup-check-viewer');
    await browser!.close();

    const editorPanel = await panelFor(editor.cookie);
    expect(await editorPanel.getByRole('button', { name: 'Preview' }).isEnabled()).toBe(true);
  });
});
