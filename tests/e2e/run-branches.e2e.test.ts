import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { createConnection } from '../helpers/step-context';
import { api, createTenant } from '../helpers/tenant';
import { RunPage } from './pages/runs';
import { signedInBrowser } from './pages/signed-in';

// The run page of webhook → (email, CRM) whose email `to` rendered empty: the
// CRM step ran (green), the email step failed (red) with its reason, the run
// is failed. (Before, the CRM step beside it was skipped and the lead lost.)

let browser: Browser | undefined;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(async () => {
  await browser?.close();
  await mail?.close();
});

describe('run page of a flow with a failed branch', () => {
  it('shows the CRM step succeeded beside the email step that failed with its error', async () => {
    const tenant = await createTenant('branches-e2e');
    const smtp = await createConnection(tenant, 'smtp', {
      host: '127.0.0.1',
      port: mail.port,
      secure: false,
      from: 'Shop <shop@shop.test>',
    });
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 160, y: 0 } },
        {
          id: 'ack',
          type: 'email.send',
          config: { connection: smtp, to: '{{ trigger.body.notify }}', subject: 'New lead', text: 'See the CRM.' },
          position: { x: 0, y: 180 },
        },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}' },
          position: { x: 320, y: 180 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'ack' },
        { source: 'trigger', target: 'lead' },
      ],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'Lead intake', graph } });
    expect(created.status).toBe(201);
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(
      200,
    );
    const sent = await fetch(created.json.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kept-lead@example.com' }),
    });
    expect(sent.status).toBe(202);
    const failed = await waitFor(
      () =>
        db.run.findFirst({
          where: { flowId: created.json.id, workspaceId: tenant.workspaceId, status: 'failed' },
          select: { id: true },
        }),
      { what: 'the run to fail', timeoutMs: 30_000 },
    );

    browser = await signedInBrowser(tenant.cookie);
    const run = await RunPage.open(browser.page, failed.id);
    await run.step('lead', 'succeeded').waitFor();
    await run.step('ack', 'failed').waitFor();
    // The failed step is selected first, its error shown; green and red are the status fills.
    await expect
      .poll(() => run.stepError().textContent())
      .toMatch(/Step "ack", field "to".*empty after filling in the template/);
    expect(await run.step('lead').getAttribute('class')).toMatch(/\bbg-emerald-50/);
    expect(await run.step('ack').getAttribute('class')).toMatch(/\bbg-red-50/);
    await browser.screenshot('run-failed-branch');

    await run.selectStep('lead');
    await run.stepOutput().getByText('contactId').first().waitFor();
    expect(await run.stepError().count()).toBe(0);

    const contacts = await api('/api/v1/contacts?search=kept-lead%40example.com', { key: tenant.apiKey });
    expect(contacts.json.items).toHaveLength(1);
  });
});
