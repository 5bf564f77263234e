import { callVendor, vendorBase } from '../../steps/call-vendor';
import { defineAppServer, defineCheck } from '../define-server';
import { hubspotApp, hubspotConnection } from './app';
import { runHubspotUpsertContact } from './upsert-contact.run';

export const hubspotServer = defineAppServer(hubspotApp, {
  runs: [runHubspotUpsertContact],
  check: defineCheck(hubspotConnection, async (s, { signal }) => {
    const base = vendorBase(s.baseUrl, 'https://api.hubapi.com');
    const res = await callVendor({
      method: 'GET',
      url: `${base}/crm/v3/objects/contacts?limit=1`,
      headers: { authorization: `Bearer ${s.accessToken}`, accept: 'application/json' },
      signal,
    });
    if (res.status === 200) return { ok: true, message: 'HubSpot accepted the access token and contacts can be read.' };
    return { ok: false, message: `HubSpot answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}` };
  }),
});
