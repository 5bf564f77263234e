import { afterEach, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/lib/api/openapi/build-document';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { baseUrl, createTenant } from '../helpers/tenant';

// The readable API reference in the app, reached from Settings → API keys.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('API reference page', () => {
  it('is linked from the API keys card and shows every operation by tag with parameters, body fields and responses', async () => {
    const t = await createTenant('reference');
    browser = await openBrowser();
    const { page, context } = browser;
    await addSessionCookie(context, t.cookie, baseUrl());

    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL('**/settings/api');
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    expect(await page.getByText(`${baseUrl()}/api/v1`, { exact: true }).isVisible()).toBe(true);

    // Every tag and operation of the served document is on the page.
    const doc = (await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json()) as ReturnType<
      typeof buildOpenApiDocument
    >;
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        ...(op as { tags: string[]; summary: string }),
      })),
    );
    for (const tag of new Set(ops.map((o) => o.tags[0]!))) {
      expect(await page.getByRole('heading', { level: 2, name: tag, exact: true }).count(), tag).toBe(1);
    }
    const articles = page.locator('article');
    expect(await articles.count()).toBe(ops.length);
    for (const op of ops) {
      expect(
        await page
          .getByRole('heading', { level: 3, name: `${op.method} ${op.path}: ${op.summary}`, exact: true })
          .count(),
        `${op.method} ${op.path}`,
      ).toBe(1);
    }

    // One operation in detail: POST /flows.
    const create = page.getByRole('article', { name: 'POST /flows: Create a flow' });
    const body = create.getByRole('table', { name: 'Request body of POST /flows' });
    const nameRow = body.locator('tr', { has: page.locator('code', { hasText: /^name$/ }) });
    expect(await nameRow.innerText()).toMatch(/name\s+required\s+string/);
    expect(await body.locator('code', { hasText: /^graph\.nodes\[\]\.id$/ }).count()).toBe(1);
    expect(await create.getByText('The new flow').isVisible()).toBe(true);
    const response = create.getByRole('table', { name: 'Response 201 of POST /flows' });
    expect(await response.locator('code', { hasText: /^webhookUrl$/ }).count()).toBe(1);
    // Parameters of a list: path id and the query filters.
    const runs = page.getByRole('table', { name: 'Parameters of GET /flows/{id}/runs' });
    for (const name of ['id', 'cursor', 'limit', 'status']) {
      expect(await runs.locator('code', { hasText: new RegExp(`^${name}$`) }).count(), name).toBe(1);
    }

    // The contents link jumps to its operation.
    await page
      .getByRole('navigation', { name: 'API reference contents' })
      .getByRole('link', { name: 'Replay many runs' })
      .click();
    await page.waitForFunction(() => location.hash === '#post-runs-replay');

    expect(await axeAudit(page)).toEqual([]);

    // A phone: the page itself never scrolls sideways (wide tables scroll in their own box).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl()}/settings/api`);
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await browser.screenshot('api-reference-390');
  });
});
