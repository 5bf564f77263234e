import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// The signed-in shell in Chromium: the account button is named by what it
// shows, and while the full-screen editor covers the shell, the navigation
// underneath can be neither focused nor read.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** The shell's sidebar (the aside holding the "Main" navigation). */
const shellState = (page: Page) =>
  page.evaluate(() => {
    const aside = [...document.querySelectorAll('aside')].find((a) => a.querySelector('nav[aria-label="Main"]'));
    return { inert: aside?.inert ?? null, focusInside: Boolean(aside && aside.contains(document.activeElement)) };
  });

describe('app shell', () => {
  it('names the account button with the user it shows; the editor makes the hidden shell inert, leaving it restores it', async () => {
    const t = await createTenant('shell');
    const flow = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Covered flow' } });
    browser = await openBrowser();
    const { page, context } = browser;
    await addSessionCookie(context, t.cookie, baseUrl());

    await page.goto(`${baseUrl()}/flows`);
    const account = page.getByRole('button', { name: `Account menu: shell ${t.email}` });
    await account.waitFor();
    expect(await account.getAttribute('aria-label')).toBeNull();
    expect((await axeAudit(page)).filter((v) => v.id === 'label-content-name-mismatch')).toEqual([]);
    expect(await shellState(page)).toEqual({ inert: false, focusInside: false });
    // Reachable by keyboard while nothing covers it.
    await account.focus();
    expect((await shellState(page)).focusInside).toBe(true);

    await page.goto(`${baseUrl()}/flows/${flow.json.id}`);
    await page.getByRole('textbox', { name: 'Flow name' }).waitFor();
    await page.waitForFunction(() =>
      document.querySelector('aside:has(nav[aria-label="Main"])')?.hasAttribute('inert'),
    );
    expect((await shellState(page)).inert).toBe(true);
    // Tabbing through the whole editor never lands in the covered navigation.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      expect((await shellState(page)).focusInside).toBe(false);
    }

    // Back to the list: the shell is usable again.
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.waitForURL('**/flows');
    await page.waitForFunction(
      () => !document.querySelector('aside:has(nav[aria-label="Main"])')?.hasAttribute('inert'),
    );
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.waitForURL('**/contacts');
  });
});
