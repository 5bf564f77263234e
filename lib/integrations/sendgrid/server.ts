import { callVendor, vendorBase } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { sendgridApp, sendgridConnection } from './app';
import { runSendgridSendEmail } from './send-email.run';

export const sendgridServer = defineAppServer(sendgridApp, {
  runs: [runSendgridSendEmail],
  // GET /v3/scopes lists what the key may do (twilio.com/docs/sendgrid/api-reference/api-key-permissions).
  check: defineCheck(sendgridConnection, async (s, { signal }) => {
    const res = await callVendor({
      method: 'GET',
      url: `${vendorBase(s.baseUrl, 'https://api.sendgrid.com')}/v3/scopes`,
      headers: { authorization: `Bearer ${s.apiKey}`, accept: 'application/json' },
      signal,
    });
    if (res.status === 200) {
      const scopes: unknown[] = Array.isArray(res.json?.scopes) ? res.json.scopes : [];
      return scopes.includes('mail.send')
        ? { ok: true, message: 'SendGrid accepted the API key, and it may send mail.' }
        : { ok: false, message: 'SendGrid accepted the API key, but it lacks the Mail Send permission.' };
    }
    const why = res.json?.errors?.[0]?.message;
    return { ok: false, message: `SendGrid answered ${res.status}${why ? `: ${why}` : ''}` };
  }),
});
