import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { startWeb } from '../helpers/processes';
import { baseUrl, createTenant, randomIp } from '../helpers/tenant';
import { SettingsPage } from './pages/settings';
import { signedInBrowser } from './pages/signed-in';

// Accounts in a real Chromium: sign-up, sign-in/out, errors next to the form,
// password reset through a real SMTP server, API keys in Settings.

const newEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.test`;

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function signInThroughForm(b: Browser, url: string, email: string, password: string) {
  await b.page.goto(`${url}/sign-in`);
  await b.page.getByLabel('Email').fill(email);
  await b.page.getByLabel('Password', { exact: true }).fill(password);
  await b.page.getByRole('button', { name: 'Sign in' }).click();
}

describe('accounts in the browser', () => {
  it('a newcomer signs up, lands on the empty Flows page, signs out and signs back in', async () => {
    browser = await openBrowser();
    const { page } = browser;
    const email = newEmail('newcomer');
    const password = 'correct horse battery';

    await page.goto(baseUrl());
    await browser.screenshot('landing-1280');
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.waitForURL('**/sign-up');
    await page.getByLabel('Name').fill('Nora Newcomer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/flows');
    await expect(
      page.getByRole('heading', { name: 'No flows yet — create your first flow' }).isVisible(),
    ).resolves.toBe(true);
    const newFlow = page.getByRole('link', { name: 'New flow' }).first();
    expect(await newFlow.getAttribute('href')).toBe('/flows/new');
    // The workspace made at sign-up is named in the shell.
    await expect(page.getByText("Nora Newcomer's workspace").isVisible()).resolves.toBe(true);
    await browser.screenshot('flows-empty-1280');

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    // Signed out means the shell is closed again.
    await page.goto(`${baseUrl()}/flows`);
    await page.waitForURL('**/sign-in');

    await signInThroughForm(browser, baseUrl(), email, password);
    await page.waitForURL('**/flows');
    await expect(page.getByRole('heading', { name: 'Flows', exact: true }).isVisible()).resolves.toBe(true);
  });

  it('works on a phone-sized screen: navigation drawer and sign-out', async () => {
    browser = await openBrowser({ viewport: { width: 390, height: 844 } });
    const { page } = browser;
    const tenant = await createTenant('phone');
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows`);
    await browser.screenshot('flows-empty-390');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const drawer = page.getByRole('dialog', { name: 'Navigation' });
    await drawer.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL('**/runs');
    await expect(page.getByRole('heading', { name: 'No runs yet' }).isVisible()).resolves.toBe(true);
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    // Wide content (the keys table) scrolls inside its card; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await browser.screenshot('settings-390');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await drawer.getByRole('button', { name: 'Account menu' }).click();
    await drawer.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await browser.screenshot('sign-in-390');
  });

  it('a wrong password shows an error next to the form and keeps the user on the sign-in page', async () => {
    const tenant = await createTenant('wrongpw');
    browser = await openBrowser();
    await signInThroughForm(browser, baseUrl(), tenant.email, 'not-the-password');
    const alert = browser.page.locator('form').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong email or password.');
    expect(new URL(browser.page.url()).pathname).toBe('/sign-in');
    await browser.screenshot('sign-in-wrong-password');
  });

  it('refuses a second account with the same email, saying so at the email field', async () => {
    const tenant = await createTenant('dupe');
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${baseUrl()}/sign-up`);
    await page.getByLabel('Name').fill('Someone Else');
    await page.getByLabel('Email').fill(tenant.email);
    await page.getByLabel('Password').fill('another password');
    await page.getByRole('button', { name: 'Create account' }).click();
    const email = page.getByLabel('Email');
    await page.getByText('An account with this email already exists').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent()).toContain(
      'An account with this email already exists',
    );
    expect(new URL(page.url()).pathname).toBe('/sign-up');
  });

  it('says "Too many attempts" once sign-in from one address is rate limited', async () => {
    const tenant = await createTenant('limited');
    const ip = randomIp();
    // Use up the sign-in allowance of this address (10 a minute) over HTTP...
    for (let i = 0; i < 10; i++) {
      await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: baseUrl(), 'x-forwarded-for': ip },
        body: JSON.stringify({ email: tenant.email, password: 'wrong-password' }),
      });
    }
    // ...then the browser, from the same address, is told to wait, even with the right password.
    browser = await openBrowser({ clientIp: ip });
    await signInThroughForm(browser, baseUrl(), tenant.email, tenant.password);
    await browser.page.getByText('Too many attempts, try again in a minute').waitFor();
    expect(new URL(browser.page.url()).pathname).toBe('/sign-in');
  });
});

describe('API keys in Settings', () => {
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let keys: Browser;
  let settings: SettingsPage;
  let key: string;
  const listWith = (k: string) => fetch(`${baseUrl()}/api/v1/api-keys`, { headers: { authorization: `Bearer ${k}` } });

  beforeAll(async () => {
    tenant = await createTenant('keys');
    keys = await signedInBrowser(tenant.cookie);
  });
  afterAll(async () => {
    await keys?.close();
  });

  it('a new key is shown once, copied to the clipboard, and works', async () => {
    const { page } = keys;
    settings = await SettingsPage.open(page);
    expect(await page.getByText(tenant.email).first().isVisible()).toBe(true);
    key = await settings.createApiKey('Website form');
    expect(key).toMatch(/^sb_[A-Za-z0-9_-]{40,}$/);
    expect(await page.getByText('shown only once').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await keys.screenshot('settings-new-key');

    const listWithKey = await listWith(key);
    expect(listWithKey.status).toBe(200);
    const { items } = (await listWithKey.json()) as {
      items: { name: string; prefix: string; revokedAt: string | null }[];
    };
    expect(items.find((k) => k.name === 'Website form')).toMatchObject({ prefix: key.slice(0, 9), revokedAt: null });
  });

  it('after a reload the key itself is gone for good; only its prefix is listed', async () => {
    const { page } = keys;
    await page.reload();
    expect(await settings.newApiKey().count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    expect(await settings.apiKeyRow('Website form').getByText(key.slice(0, 9)).isVisible()).toBe(true);
  });

  it('revoking the key locks it out; the workspace’s other key still works', async () => {
    await settings.revokeApiKey('Website form');
    await keys.screenshot('settings-revoked-key');
    expect((await listWith(key)).status).toBe(401);
    expect((await listWith(tenant.apiKey)).status).toBe(200);
  });
});

describe('password reset by email', () => {
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let web: Awaited<ReturnType<typeof startWeb>>;

  beforeAll(async () => {
    mail = await startMailCatcher();
    // The suite's server has no SMTP_URL; this one sends its mail to the catcher.
    web = await startWeb({ SMTP_URL: mail.url });
  });

  afterAll(async () => {
    await web?.kill('SIGTERM');
    await mail?.close();
  });

  it('sends a reset link; the link sets a new password; the new password signs in', async () => {
    const tenant = await createTenant('forgot');
    browser = await openBrowser();
    const { page } = browser;

    await page.goto(`${web.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(tenant.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Check your email').waitFor();

    const message = await mail.waitForMail(tenant.email);
    expect(message.subject).toBe('Reset your Switchboard password');
    const link = /https?:\/\/\S+\/api\/auth\/reset-password\/\S+/.exec(message.text)?.[0];
    expect(link, message.text).toBeTruthy();
    expect(link!.startsWith(web.url)).toBe(true);

    await page.goto(link!);
    await page.waitForURL(/\/reset-password\?token=/);
    const newPassword = 'a brand new password';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL('**/sign-in?reset=1');
    await page.getByText('Your password was changed').waitFor();

    // The old password no longer works; the new one does.
    await signInThroughForm(browser, web.url, tenant.email, tenant.password);
    await page.getByText('Wrong email or password.').waitFor();
    await signInThroughForm(browser, web.url, tenant.email, newPassword);
    await page.waitForURL('**/flows');

    // A used link cannot be used again.
    await page.goto(link!);
    await page.waitForURL(/\/reset-password\?error=INVALID_TOKEN/);
    await page.getByText('This reset link is invalid or has expired').waitFor();
  });
});
