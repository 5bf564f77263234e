import { defineAppServer, defineCheck } from '../define-server';
import { runBrevoAddContact } from './add-contact.run';
import { brevoApi } from './api';
import { brevoApp, brevoConnection } from './app';

export const brevoServer = defineAppServer(brevoApp, {
  runs: [runBrevoAddContact],
  // GET /v3/account: the account the key belongs to (developers.brevo.com/reference/getaccount).
  check: defineCheck(brevoConnection, async (s, { signal }) => {
    try {
      const res = await brevoApi(s, signal)('GET', '/v3/account');
      const a = res.json ?? {};
      return { ok: true, message: `Brevo accepted the API key of ${a.companyName || a.email || 'the account'}.` };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }),
});
