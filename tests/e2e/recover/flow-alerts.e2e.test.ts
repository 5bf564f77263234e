import { afterEach, describe, expect, it } from 'vitest';
import { axeAudit } from '../../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../../helpers/browser';
import { chain, publishedFlow } from '../../helpers/run-flows';
import { api, baseUrl, createTenant } from '../../helpers/tenant';

// Issue 17 item 6 in Chromium: on a flow's Settings tab the owner sends
// alerts to Slack too and turns on the quiet-source alert; a URL that is not
// a Slack incoming webhook is named next to its field; the saved URL is shown
// only as a hint. The alert's link opens the runs page filtered to the flow.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('flow alert settings', () => {
  it('sets Slack and the quiet-source alert, with field errors, and the alert link filters the runs', async () => {
    const t = await createTenant('alerts-e2e');
    const flow = await publishedFlow(t, chain([]), 'Contact form');
    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flow.id}/overview`);
    await page.getByRole('navigation', { name: 'Flow' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`**/flows/${flow.id}/settings`);

    const slack = page.getByLabel('Slack incoming webhook URL');
    await page.getByLabel(/No events arrive for 24 hours/).check();
    await slack.fill('https://example.com/my-hook');
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await page.getByText('must be a Slack incoming webhook URL').waitFor();
    expect(await slack.getAttribute('aria-invalid')).toBe('true');
    expect(await axeAudit(page)).toEqual([]);

    await slack.fill('https://hooks.slack.com/services/T0001/B0002/abcdefSECRET');
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByText('Saved: https://hooks.slack.com/services/T0…').waitFor();

    await page.reload();
    expect(await page.getByLabel(/No events arrive for 24 hours/).isChecked()).toBe(true);
    const saved = await api(`/api/v1/flows/${flow.id}/alerts`, { key: t.apiKey });
    expect(saved.json).toEqual({
      onFailure: true,
      onQuiet: true,
      email: true,
      slack: 'https://hooks.slack.com/services/T0…',
      webhook: null,
      quietHours: 24,
    });
    expect(saved.text).not.toContain('SECRET');

    // The link every alert carries.
    await page.goto(`${baseUrl()}/runs?flowId=${flow.id}&status=failed`);
    expect(await page.getByLabel('Filter by flow').inputValue()).toBe(flow.id);
    expect(await page.getByLabel('Filter by status').inputValue()).toBe('failed');
  });

  it('the API refuses a malformed Slack URL with a 400 naming the field', async () => {
    const t = await createTenant('alerts-api');
    const flow = await publishedFlow(t, chain([]), 'API flow');
    const res = await api(`/api/v1/flows/${flow.id}/alerts`, {
      key: t.apiKey,
      method: 'PUT',
      body: { onFailure: true, onQuiet: false, email: true, slackUrl: 'http://hooks.slack.com/services/a/b/c' },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].path).toBe('slackUrl');
    const other = await createTenant('alerts-api-other');
    expect((await api(`/api/v1/flows/${flow.id}/alerts`, { key: other.apiKey })).status).toBe(404);
  });
});
