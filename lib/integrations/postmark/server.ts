import { callVendor, vendorBase } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { postmarkApp, postmarkConnection } from './app';
import { runPostmarkSendEmail } from './send-email.run';

export const postmarkServer = defineAppServer(postmarkApp, {
  runs: [runPostmarkSendEmail],
  // GET /server reads the server the token belongs to (postmarkapp.com/developer/api/server-api).
  check: defineCheck(postmarkConnection, async (s, { signal }) => {
    const res = await callVendor({
      method: 'GET',
      url: `${vendorBase(s.baseUrl, 'https://api.postmarkapp.com')}/server`,
      headers: { accept: 'application/json', 'x-postmark-server-token': s.serverToken },
      signal,
    });
    if (res.status === 200)
      return { ok: true, message: `Postmark accepted the token of server "${res.json?.Name ?? res.json?.ID ?? '?'}".` };
    return {
      ok: false,
      message: `Postmark answered ${res.status}${res.json?.Message ? `: ${res.json.Message}` : ''}`,
    };
  }),
});
