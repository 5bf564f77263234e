import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, flowEvents, postJson } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// What people (not programs) get from a webhook URL: a thank-you page after a
// browser form post, and an explanatory page, with nothing stored, when a
// browser or a link previewer opens the URL with a GET the trigger does not accept.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('ingest-browser');
});

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

const formPost = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: BROWSER_ACCEPT,
      'user-agent': CHROME_UA,
      ...headers,
    },
    body,
  });

/** Every event row of the flow, refusals and test events included. */
const storedEvents = (flowId: string) => db.event.count({ where: { flowId } });

function expectPageHeaders(res: Response) {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('browser form posts', () => {
  it('get a plain thank-you page (200 text/html), never raw JSON, when the trigger has no redirectUrl', async () => {
    const flow = await createHookFlow(t);
    const res = await formPost(flow.url, 'email=ada%40example.com&name=%3Cb%3EAda%3C%2Fb%3E', {
      referer: 'https://shop.example/contact?x="<y>',
    });
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('Thank you!');
    expect(html).toContain('Your submission has been received.');
    expect(html).not.toContain('eventId');
    expect(html).not.toMatch(/<script/i);
    // The "Back to the form" link is the escaped referer, never raw markup.
    expect(html).toContain('href="https://shop.example/contact?x=%22%3Cy%3E"');
    const [event] = await flowEvents(t, flow.id, 'accepted');
    expect(event.body).toEqual({ email: 'ada@example.com', name: '<b>Ada</b>' });
  });

  it('a duplicate and a held submission from a browser get a page too; programs still get JSON', async () => {
    const flow = await createHookFlow(t, { dedupeKeyPath: 'submissionId' });
    expect((await formPost(flow.url, 'submissionId=s1')).status).toBe(200);
    const dup = await formPost(flow.url, 'submissionId=s1');
    expect(dup.status).toBe(200);
    expectPageHeaders(dup);
    expect(await dup.text()).toContain('already received');

    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const held = await formPost(flow.url, 'submissionId=s2');
    expect(held.status).toBe(200);
    expect(await held.text()).toContain('Your submission has been received.');
    expect((await flowEvents(t, flow.id, 'held')).length).toBe(1);

    // fetch() from a page, curl and form services send no text/html Accept: JSON as before.
    const program = await postJson(flow.url, { submissionId: 's3' }, { accept: '*/*' });
    expect(program.status).toBe(202);
    expect(program.json).toEqual({ eventId: expect.any(String), status: 'held' });
    const programDup = await postJson(flow.url, { submissionId: 's3' });
    expect(programDup.json).toEqual({ eventId: program.json.eventId, duplicate: true });
  });

  it('still 303s to redirectUrl when one is set', async () => {
    const flow = await createHookFlow(t, { redirectUrl: 'https://example.com/thanks' });
    const res = await formPost(flow.url, 'a=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://example.com/thanks');
  });
});

describe('GET is opt-in per trigger', () => {
  it('a browser opening the URL gets a page saying what it is for, and nothing is stored or run', async () => {
    const flow = await createHookFlow(t);
    const before = (await flowEvents(t, flow.id)).length;
    for (const url of [flow.url, `${flow.url}?email=a%40b.example`, flow.testUrl]) {
      const res = await fetch(url, { headers: { accept: BROWSER_ACCEPT, 'user-agent': CHROME_UA } });
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      expect(res.headers.get('allow')).toBe('POST, PUT, PATCH, OPTIONS');
      expect(await res.text()).toContain(
        'This is a Switchboard webhook address. Forms and apps send data here; there is nothing to see in a browser.',
      );
    }
    expect((await flowEvents(t, flow.id)).length).toBe(before);
    expect(await storedEvents(flow.id)).toBe(0);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);
  });

  it('link previewers get the same page whatever they accept; other programs a JSON 405 with Allow; HEAD stores nothing', async () => {
    const flow = await createHookFlow(t);
    const previewers = [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Slack-ImgProxy (+https://api.slack.com/robots)',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100 Safari/537.36 SkypeUriPreview Preview/0.5',
      'TelegramBot (like TwitterBot)',
    ];
    for (const ua of previewers) {
      const res = await fetch(flow.url, { headers: { accept: '*/*', 'user-agent': ua } });
      expect(res.status, ua).toBe(200);
      expect(await res.text()).toContain('This is a Switchboard webhook address.');
    }
    const program = await fetch(flow.url, { headers: { accept: 'application/json', 'user-agent': 'curl/8.5.0' } });
    expect(program.status).toBe(405);
    expect(program.headers.get('allow')).toBe('POST, PUT, PATCH, OPTIONS');
    expect(await program.json()).toEqual({
      error: { code: 'method_not_allowed', message: expect.stringContaining('GET') },
    });

    const head = await fetch(flow.url, { method: 'HEAD', headers: { accept: BROWSER_ACCEPT } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
    const headProgram = await fetch(flow.testUrl, { method: 'HEAD' });
    expect(headProgram.status).toBe(405);
    expect(await storedEvents(flow.id)).toBe(0);
  });

  it('with "GET" in methods, a GET creates an event from the query; HEAD still stores nothing', async () => {
    const flow = await createHookFlow(t, { methods: ['POST', 'GET'] });
    const res = await fetch(`${flow.url}?email=ada%40example.com`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(202);
    const { eventId, status } = await res.json();
    expect(status).toBe('accepted');
    const [event] = await flowEvents(t, flow.id, 'accepted');
    expect(event).toMatchObject({ id: eventId, method: 'GET' });
    // A browser GET that is accepted is a submission like a form post: the thank-you page.
    const browser = await fetch(`${flow.url}?email=b%40example.com`, { headers: { accept: BROWSER_ACCEPT } });
    expect(browser.status).toBe(200);
    expect(await browser.text()).toContain('Thank you!');
    // The test URL captures a GET as a test event when the trigger allows GET.
    const test = await fetch(`${flow.testUrl}?sample=1`);
    expect(test.status).toBe(202);
    expect((await test.json()).status).toBe('test');
    const before = await storedEvents(flow.id);
    expect((await fetch(flow.url, { method: 'HEAD' })).status).toBe(405);
    expect((await fetch(flow.url, { method: 'HEAD', headers: { accept: BROWSER_ACCEPT } })).status).toBe(200);
    expect(await storedEvents(flow.id)).toBe(before);
    // PUT is no longer listed: refused with 405 and the refusal recorded; nothing runnable stored.
    const put = await fetch(flow.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, OPTIONS');
  });

  it('validates methods: only GET, POST, PUT, PATCH, and at least one', async () => {
    for (const methods of [[], ['DELETE'], ['POST', 'POST'], 'POST']) {
      const created = await api('/api/v1/flows', {
        key: t.apiKey,
        body: {
          name: 'bad methods',
          graph: {
            nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { methods }, position: { x: 0, y: 0 } }],
            edges: [],
          },
        },
      });
      const id = created.json?.id;
      const res = id ? await api(`/api/v1/flows/${id}/publish`, { key: t.apiKey, method: 'POST' }) : created;
      expect(res.status, JSON.stringify(methods)).toBe(400);
      expect(res.text).toContain('methods');
    }
  });
});
