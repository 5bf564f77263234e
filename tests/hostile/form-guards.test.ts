import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startCaptchaVerifyServer, type Provider } from '../helpers/captcha-verify-server';
import { createHookFlow, flowEvents, waitForFinishedRun } from '../helpers/hooks';
import { startWeb } from '../helpers/processes';
import { createTenant, type Tenant } from '../helpers/tenant';

// A public form's trigger can keep bots out before anything runs: a honeypot
// field (a bot that fills it is answered as if accepted, and nothing runs),
// and a captcha token verified with the vendor's siteverify API (a local
// server that speaks each vendor's API and checks each request as the vendor
// does). Events accepted by our web process are run by the suite's worker.

let t: Tenant;
let verify: Awaited<ReturnType<typeof startCaptchaVerifyServer>>;
let web: Awaited<ReturnType<typeof startWeb>>;

beforeAll(async () => {
  t = await createTenant('guards');
  verify = await startCaptchaVerifyServer();
  web = await startWeb(verify.env);
});
afterAll(async () => {
  await web?.kill('SIGTERM');
  await verify?.close();
});

/** The flow's webhook URL on our web process (same database, its own verify URLs). */
const onWeb = (url: string) => `${web.url}${new URL(url).pathname}`;

const formPost = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('honeypot', () => {
  it('answers a filled-in honeypot as accepted, runs nothing, and records the refusal', async () => {
    const flow = await createHookFlow(t, { honeypot: 'website' });
    const bot = await formPost(flow.url, { name: 'Bot', email: 'bot@spam.test', website: 'http://spam.test' });
    expect(bot.status).toBe(202);
    const botJson = (await bot.json()) as { eventId: string; status: string };
    expect(botJson).toMatchObject({ status: 'accepted' });
    expect(botJson.eventId).toMatch(/^[0-9a-f-]{36}$/);

    const person = await formPost(flow.url, { name: 'Ada', email: 'ada@example.test', website: '' });
    expect(person.status).toBe(202);
    const { eventId } = (await person.json()) as { eventId: string };
    expect((await waitForFinishedRun(eventId)).status).toBe('succeeded');

    const accepted = await flowEvents(t, flow.id, 'accepted');
    expect(accepted.map((e) => e.id)).toEqual([eventId]);
    expect(accepted[0].body).toMatchObject({ name: 'Ada' });
    const refused = await flowEvents(t, flow.id, 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ refusalReason: 'honeypot', body: null });
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(1);
  });

  it('a browser form that fills it is sent on to the redirect like a person', async () => {
    const flow = await createHookFlow(t, { honeypot: 'website', redirectUrl: 'https://shop.example.test/thanks' });
    const bot = await formPost(flow.url, { email: 'bot@spam.test', website: 'x' }, { accept: 'text/html' });
    expect(bot.status).toBe(303);
    expect(bot.headers.get('location')).toBe('https://shop.example.test/thanks');
    expect(await flowEvents(t, flow.id, 'accepted')).toEqual([]);
  });
});

const FIELD: Record<Provider, string> = {
  turnstile: 'cf-turnstile-response',
  hcaptcha: 'h-captcha-response',
  recaptcha: 'g-recaptcha-response',
};

describe.each(['turnstile', 'hcaptcha', 'recaptcha'] as Provider[])('captcha: %s', (provider) => {
  it('refuses a missing, wrong or reused token (401, nothing runs) and accepts a good one', async () => {
    const secret = `${provider}-secret-${Date.now()}`;
    verify.setSecret(provider, secret);
    const flow = await createHookFlow(t, { captcha: { provider, secret } });
    const url = onWeb(flow.url);
    const callsBefore = verify.calls.length;

    const missing = await formPost(url, { email: 'bot@spam.test' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as any).error.code).toBe('captcha_failed');
    // A missing token is refused without asking the vendor.
    expect(verify.calls.length).toBe(callsBefore);

    const wrong = await formPost(url, { email: 'bot@spam.test', [FIELD[provider]]: 'made-up-token' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error).toMatchObject({ code: 'captcha_failed' });

    const token = verify.issueToken(provider);
    const good = await formPost(url, { email: 'ada@example.test', [FIELD[provider]]: token });
    expect(good.status).toBe(202);
    const { eventId, status } = (await good.json()) as { eventId: string; status: string };
    expect(status).toBe('accepted');
    expect((await waitForFinishedRun(eventId)).status).toBe('succeeded');

    // The vendor's API was called as documented: form-encoded secret, response, remoteip.
    const calls = verify.calls.slice(callsBefore);
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.problems).toEqual([]);
      expect(c.fields.secret).toBe(secret);
      expect(c.fields.remoteip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    }
    expect(calls.map((c) => c.fields.response)).toEqual(['made-up-token', token]);

    // A token passes once: a replayed post is refused.
    const replay = await formPost(url, { email: 'ada@example.test', [FIELD[provider]]: token });
    expect(replay.status).toBe(401);

    const accepted = await flowEvents(t, flow.id, 'accepted');
    expect(accepted.map((e) => e.id)).toEqual([eventId]);
    // The one-time token is not kept with the event.
    expect(accepted[0].body).toEqual({ email: 'ada@example.test' });
    const refused = await flowEvents(t, flow.id, 'refused');
    expect(refused).toHaveLength(3);
    expect(refused.every((e) => e.httpStatus === 401)).toBe(true);
    expect(refused.map((e) => e.refusalReason).join(' ')).toMatch(/invalid-input-response/);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(1);
  });
});

describe('captcha: reCAPTCHA v3 score', () => {
  it('refuses a token whose score is below minScore', async () => {
    const secret = `v3-secret-${Date.now()}`;
    verify.setSecret('recaptcha', secret);
    const flow = await createHookFlow(t, { captcha: { provider: 'recaptcha', secret, minScore: 0.5 } });
    const low = await formPost(onWeb(flow.url), {
      email: 'bot@spam.test',
      'g-recaptcha-response': verify.issueToken('recaptcha', 0.2),
    });
    expect(low.status).toBe(401);
    const high = await formPost(onWeb(flow.url), {
      email: 'ada@example.test',
      'g-recaptcha-response': verify.issueToken('recaptcha', 0.9),
    });
    expect(high.status).toBe(202);
  });
});
