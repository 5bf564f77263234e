import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { defineRun } from '../define-server';
import { hubspotApi, hubspotError } from './api';
import { hubspotUpsertContact } from './upsert-contact';

// HubSpot CRM v3 contacts: search by email, then PATCH the match or POST a
// new one (developers.hubspot.com/docs/api/crm/contacts), with a private
// app token or an OAuth connection (api.ts).

export const runHubspotUpsertContact = defineRun(hubspotUpsertContact, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const api = await hubspotApi(ctx, config.connection);
  const properties = Object.fromEntries(
    Object.entries(config.properties ?? {}).filter(([k, v]) => k.trim() && v !== ''),
  );

  const search = await api('POST', '/crm/v3/objects/contacts/search', {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    properties: ['email'],
    limit: 1,
  });
  const existing = search.json?.results?.[0]?.id as string | undefined;
  if (existing) {
    await api('PATCH', `/crm/v3/objects/contacts/${encodeURIComponent(existing)}`, { properties });
    return { id: existing, created: false };
  }
  const create = await api('POST', '/crm/v3/objects/contacts', { properties: { ...properties, email } }, [409]);
  if (create.status === 409) {
    // Created meanwhile (search is eventually consistent): update that one.
    const id = /Existing ID:\s*(\d+)/i.exec(create.json?.message ?? '')?.[1];
    if (!id) throw hubspotError(create);
    await api('PATCH', `/crm/v3/objects/contacts/${id}`, { properties });
    return { id, created: false };
  }
  return { id: String(create.json?.id), created: true };
});
