import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../helpers/browser';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { sessionCookieOf, signedInBrowser } from './pages/signed-in';
import { SettingsPage } from './pages/settings';

// Members in Chromium, without SMTP: the owner invites a viewer in Settings and
// is shown the link; the viewer opens it, signs up (email filled in), joins and
// sees the owner's flow with no Publish button — and the API refuses them 403.
// The owner makes them an editor; now they publish. The `it`s run in order.

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

describe('a viewer invited in Settings cannot publish until the owner makes them an editor', () => {
  let owner: Tenant;
  let flowId: string;
  let ownerB: Browser;
  let viewerB: Browser;
  let settings: SettingsPage;
  let link: string;
  const email = `viewer-${randomBytes(4).toString('hex')}@example.test`;
  const flowStatus = async () => (await api(`/api/v1/flows/${flowId}`, { cookie: owner.cookie })).json.status;

  beforeAll(async () => {
    owner = await createTenant('members-e2e');
    const created = await api('/api/v1/flows', { cookie: owner.cookie, body: { name: 'Website leads', graph } });
    expect(created.status).toBe(201);
    flowId = created.json.id;
    ownerB = await signedInBrowser(owner.cookie);
    viewerB = await openBrowser();
  });
  afterAll(async () => {
    await Promise.all([ownerB?.close(), viewerB?.close()]);
  });

  it('the owner invites by email; with no SMTP the link is shown to send yourself', async () => {
    settings = await SettingsPage.open(ownerB.page);
    link = await settings.invite(email, 'viewer');
    expect(link).toMatch(new RegExp(`^${baseUrl()}/invite/[A-Za-z0-9_-]+$`));
    expect(await ownerB.page.getByText('Email is not set up here, so send this link yourself.').count()).toBe(1);
    await ownerB.screenshot('members-invite-link');
  });

  it('the invitee opens the link, signs up with the email filled in, and joins', async () => {
    const { page } = viewerB;
    await page.goto(link);
    await page.getByText('as viewer').waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/sign-up?**');
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Name').fill('Vera Viewer');
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/invite/**');
    await page.getByRole('button', { name: /^Join / }).click();
    await page.waitForURL('**/flows');
    await page.getByText('Website leads').first().waitFor();
  });

  it('a viewer sees the editor view-only, with no Publish; the API refuses their publish', async () => {
    const editor = await EditorPage.open(viewerB.page, flowId);
    await viewerB.page.getByTestId('view-only').waitFor();
    expect(await editor.publishButton().count()).toBe(0);
    await viewerB.screenshot('members-viewer-editor');
    const refused = await api(`/api/v1/flows/${flowId}/publish`, {
      method: 'POST',
      cookie: await sessionCookieOf(viewerB),
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    expect(await flowStatus()).toBe('draft');
  });

  it('the owner makes them an editor in Settings', async () => {
    await ownerB.page.reload();
    await settings.setRole(email, 'editor');
    await expect
      .poll(async () => {
        const members = (await api('/api/v1/members', { cookie: owner.cookie })).json.items;
        return members.find((m: { email: string }) => m.email === email)?.role;
      })
      .toBe('editor');
  });

  it('now they have the Publish button, and it works', async () => {
    await viewerB.page.reload();
    await new EditorPage(viewerB.page).publish(1);
    expect(await flowStatus()).toBe('live');
  });

  it('the audit log names the invite, the join, the role change and the publish', async () => {
    const actions = (await api('/api/v1/audit-log', { cookie: owner.cookie })).json.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions.slice(0, 4)).toEqual(['flow.publish', 'member.role_change', 'member.join', 'member.invite']);
  });
});
