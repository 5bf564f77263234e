import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrmUpsertContact } from '@/lib/integrations/contacts/upsert-contact.run';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startRecordingServer } from '../helpers/recording-server';
import { runStep, stepContext } from '../helpers/step-context';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// The Connections and Contacts pages in a real Chromium: create from the form
// (with field errors), check, rename, delete; secrets never in the page; the
// contact list searches and a contact shows its fields and tags.

const TOKEN = 'pat-na1-e2eSECRET-4242';
let t: Tenant;
let b: Browser;
let hubspot: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  t = await createTenant('conn-ui');
  hubspot = await startRecordingServer((r) =>
    r.headers.authorization === `Bearer ${TOKEN}`
      ? { status: 200, body: { results: [] } }
      : { status: 401, body: { status: 'error', message: 'bad token' } },
  );
  b = await openBrowser();
  await addSessionCookie(b.context, t.cookie, baseUrl());
});
afterAll(async () => {
  await b?.close();
  await hubspot?.close();
});

describe('Connections page', () => {
  it('creates a HubSpot connection from the form, shows field errors, checks it; the secret never reaches the page', async () => {
    const { page } = b;
    await page.goto(`${baseUrl()}/connections`);
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption('hubspot');
    await form.getByLabel('Name').fill('Sales HubSpot');
    await form.getByLabel(/API base URL/).fill('not a url');
    await form.getByRole('button', { name: 'Save connection' }).click();
    // Errors next to the fields, nothing saved.
    await expect.poll(() => form.getByText('Access token is required').isVisible()).toBe(true);
    expect(await form.getByText(/Base URL must be a full URL/).isVisible()).toBe(true);
    expect((await api('/api/v1/connections', { key: t.apiKey })).json.items).toHaveLength(0);

    await form.getByLabel('Private app access token').fill(TOKEN);
    await form.getByLabel(/API base URL/).fill(hubspot.url);
    await form.getByRole('button', { name: 'Save connection' }).click();
    const row = page.getByRole('row', { name: /Sales HubSpot/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toContain('HubSpot accepted the access token');
    await b.screenshot('connections-list');

    expect(await page.content()).not.toContain(TOKEN);
    await page.reload();
    await page.getByRole('row', { name: /Sales HubSpot/ }).waitFor();
    expect(await page.content()).not.toContain(TOKEN);
    const html = await fetch(`${baseUrl()}/connections`, { headers: { cookie: t.cookie } }).then((r) => r.text());
    expect(html).toContain('Sales HubSpot');
    expect(html).not.toContain(TOKEN);
  });

  it('renames and deletes', async () => {
    const { page } = b;
    const row = page.getByRole('row', { name: /Sales HubSpot/ });
    await row.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('CRM (HubSpot)');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByLabel('New name').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await api('/api/v1/connections', { key: t.apiKey })).json.items[0].name)
      .toBe('CRM (HubSpot)');

    const renamed = page.getByRole('row', { name: /CRM \(HubSpot\)/ });
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await api('/api/v1/connections', { key: t.apiKey })).json.items.length).toBe(0);
    await page.getByText('No connections yet').waitFor();
  });
});

describe('Contacts pages', () => {
  beforeAll(async () => {
    const ctx = stepContext(t.workspaceId);
    await runStep(
      runCrmUpsertContact,
      {
        email: 'ada@lovelace.test',
        name: 'Ada Lovelace',
        company: 'Engines Ltd',
        tags: 'lead, vip',
        fields: { plan: 'pro' },
      },
      ctx,
    );
    await runStep(runCrmUpsertContact, { email: 'charles@babbage.test', name: 'Charles Babbage' }, ctx);
  });

  it('lists and searches contacts, and shows a contact with its fields and tags', async () => {
    const { page } = b;
    await page.goto(`${baseUrl()}/contacts`);
    await page.getByRole('link', { name: 'ada@lovelace.test' }).waitFor();
    expect(await page.getByRole('link', { name: 'charles@babbage.test' }).isVisible()).toBe(true);
    await page.getByLabel('Search contacts').fill('LOVELACE');
    await expect.poll(() => page.getByRole('link', { name: 'charles@babbage.test' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'ada@lovelace.test' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'ada@lovelace.test' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const text = await page.textContent('main');
    expect(text).toContain('Engines Ltd');
    expect(text).toContain('vip');
    expect(text).toContain('plan');
    expect(text).toContain('pro');
    await b.screenshot('contact-detail');
  });
});
