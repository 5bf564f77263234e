import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { randomIp } from './tenant';

// A real Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) with a fresh profile per test.
// playwright-core refuses --user-data-dir in args, so the profile is the
// persistent context's directory instead.

const root = path.resolve(import.meta.dirname, '../..');
// Beside the run's logs and report (scripts/test.ts names the folder the same way).
export const screenshotDir = path.join(
  root,
  'test-results',
  process.env.NEXT_DIST_DIR ? path.basename(process.env.NEXT_DIST_DIR) : 'suite',
  'screenshots',
);

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// CHROMIUM_PATH, else the first Chromium or Chrome at the usual places.
const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `No Chromium found at ${candidates.join(', ')}; install one (Debian: apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return found;
}

export type Browser = {
  context: BrowserContext;
  page: Page;
  /** Saves test-results/screenshots/<name>.png (full page). */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
};

export type BrowserOptions = {
  viewport?: { width: number; height: number };
  /**
   * The client address the app sees (x-forwarded-for). Sign-in and sign-up are
   * rate limited per address; a random one per browser keeps tests apart.
   */
  clientIp?: string;
};

export async function openBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'switchboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    extraHTTPHeaders: { 'x-forwarded-for': options.clientIp ?? randomIp() },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Puts a session cookie string ("name=value; name2=value2") into the browser, skipping the sign-in form. */
export async function addSessionCookie(context: BrowserContext, cookie: string, url: string): Promise<void> {
  const cookies = cookie
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const eq = c.indexOf('=');
      return { name: c.slice(0, eq), value: c.slice(eq + 1), url };
    });
  await context.addCookies(cookies);
}
