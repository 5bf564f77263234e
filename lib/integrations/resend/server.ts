import { callVendor, vendorBase } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { resendApp, resendConnection } from './app';
import { runResendSendEmail } from './send-email.run';

export const resendServer = defineAppServer(resendApp, {
  runs: [runResendSendEmail],
  // GET /domains (resend.com/docs/api-reference/domains/list-domains). A key
  // with "Sending access" only is answered 401 restricted_api_key: the key is
  // real, it just may not list domains, which sending does not need.
  check: defineCheck(resendConnection, async (s, { signal }) => {
    const res = await callVendor({
      method: 'GET',
      url: `${vendorBase(s.baseUrl, 'https://api.resend.com')}/domains`,
      headers: { authorization: `Bearer ${s.apiKey}`, accept: 'application/json' },
      signal,
    });
    if (res.status === 200) {
      const domains = Array.isArray(res.json?.data) ? res.json.data.map((d: { name?: string }) => d.name) : [];
      return {
        ok: true,
        message: `Resend accepted the API key${domains.length ? ` (domains: ${domains.slice(0, 5).join(', ')})` : ''}.`,
      };
    }
    if (res.json?.name === 'restricted_api_key')
      return { ok: true, message: 'Resend accepted the API key (a sending-only key).' };
    return { ok: false, message: `Resend answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}` };
  }),
});
