import { addSessionCookie, openBrowser, type Browser, type BrowserOptions } from '../../helpers/browser';
import { baseUrl } from '../../helpers/tenant';

/** A fresh Chromium already signed in with a session cookie (no sign-in form). */
export async function signedInBrowser(cookie: string, options: BrowserOptions = {}): Promise<Browser> {
  const browser = await openBrowser(options);
  await addSessionCookie(browser.context, cookie, baseUrl());
  return browser;
}

/** The session cookie a browser holds now ("name=value; …"), for API calls as that user. */
export async function sessionCookieOf(browser: Browser): Promise<string> {
  const cookies = await browser.context.cookies(baseUrl());
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
