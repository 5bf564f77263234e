import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// Members in Chromium, without SMTP: the owner invites a viewer in Settings and
// is shown the link; the viewer opens it, signs up (email filled in), joins and
// sees the owner's flow with no Publish button — and the API refuses them 403.
// The owner makes them an editor; now they publish.

const browsers: Browser[] = [];
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

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

async function sessionCookieOf(b: Browser) {
  const cookies = await b.context.cookies(baseUrl());
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('members and roles in the browser', () => {
  it('invites a viewer who cannot publish until the owner makes them an editor', async () => {
    const owner = await createTenant('members-e2e');
    const created = await api('/api/v1/flows', { cookie: owner.cookie, body: { name: 'Website leads', graph } });
    expect(created.status).toBe(201);
    const flowId = created.json.id as string;

    // The owner invites in Settings; with no SMTP the link is shown.
    const ownerB = await openBrowser();
    browsers.push(ownerB);
    await addSessionCookie(ownerB.context, owner.cookie, baseUrl());
    await ownerB.page.goto(`${baseUrl()}/settings`);
    const email = `viewer-${randomBytes(4).toString('hex')}@example.test`;
    await ownerB.page.getByLabel('Invite by email').fill(email);
    await ownerB.page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await ownerB.page.getByRole('button', { name: 'Create invite' }).click();
    const link = (await ownerB.page.getByTestId('invite-link').textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/invite/[A-Za-z0-9_-]+$`));
    expect(await ownerB.page.getByText('Email is not set up here, so send this link yourself.').count()).toBe(1);
    await ownerB.screenshot('members-invite-link');

    // The viewer opens the link, signs up through it and joins.
    const viewerB = await openBrowser();
    browsers.push(viewerB);
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

    // In the editor: view only, no Publish; the API refuses the viewer's publish.
    await page.goto(`${baseUrl()}/flows/${flowId}`);
    await page.getByTestId('view-only').waitFor();
    expect(await page.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await viewerB.screenshot('members-viewer-editor');
    const viewerCookie = await sessionCookieOf(viewerB);
    const refused = await api(`/api/v1/flows/${flowId}/publish`, { method: 'POST', cookie: viewerCookie });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    expect((await api(`/api/v1/flows/${flowId}`, { cookie: owner.cookie })).json.status).toBe('draft');

    // The owner makes them an editor in Settings.
    await ownerB.page.reload();
    await ownerB.page.getByLabel(`Role of ${email}`).selectOption('editor');
    await ownerB.page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLSelectElement | null)?.disabled === false,
      `select[aria-label="Role of ${email}"]`,
    );
    await expect
      .poll(async () => {
        const members = (await api('/api/v1/members', { cookie: owner.cookie })).json.items;
        return members.find((m: { email: string }) => m.email === email)?.role;
      })
      .toBe('editor');

    // Now the Publish button is there and works.
    await page.reload();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1').waitFor();
    expect((await api(`/api/v1/flows/${flowId}`, { cookie: owner.cookie })).json.status).toBe('live');

    // The audit log names the invite, the join and the role change.
    const actions = (await api('/api/v1/audit-log', { cookie: owner.cookie })).json.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions.slice(0, 4)).toEqual(['flow.publish', 'member.role_change', 'member.join', 'member.invite']);
  });
});
