import { callVendor, vendorBase } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { twilioApp, twilioConnection } from './app';
import { runTwilioSendSms } from './send-sms.run';

export const twilioServer = defineAppServer(twilioApp, {
  runs: [runTwilioSendSms],
  check: defineCheck(twilioConnection, async (s, { signal }) => {
    const base = vendorBase(s.baseUrl, 'https://api.twilio.com');
    const res = await callVendor({
      method: 'GET',
      url: `${base}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}.json`,
      headers: {
        authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`,
        accept: 'application/json',
      },
      signal,
    });
    if (res.status === 200)
      return { ok: true, message: `Signed in to Twilio account ${res.json?.friendly_name ?? s.accountSid}.` };
    return { ok: false, message: `Twilio answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}` };
  }),
});
