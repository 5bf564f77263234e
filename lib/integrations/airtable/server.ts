import { defineAppServer, defineCheck } from '../define-server';
import { airtableApi } from './api';
import { airtableApp, airtableConnection } from './app';
import { runAirtableCreateRecord } from './create-record.run';

export const airtableServer = defineAppServer(airtableApp, {
  runs: [runAirtableCreateRecord],
  // GET /v0/meta/whoami: the token's user and scopes (airtable.com/developers/web/api/get-user-id-scopes).
  check: defineCheck(airtableConnection, async (s, { signal }) => {
    try {
      const res = await airtableApi(s, signal)('GET', '/v0/meta/whoami');
      const scopes: string[] = Array.isArray(res.json?.scopes) ? res.json.scopes : [];
      if (scopes.length && !scopes.includes('data.records:write'))
        return { ok: false, message: `The token lacks the data.records:write scope (it has ${scopes.join(', ')}).` };
      return { ok: true, message: `Airtable accepted the token${res.json?.email ? ` of ${res.json.email}` : ''}.` };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }),
});
