import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { pipedriveApi } from './api';
import { pipedriveConnection } from './app';
import { pipedriveCreateLead } from './create-lead';

// Person + lead (developers.pipedrive.com/tutorials/adding-leads-to-pipedrive):
//   GET  /v1/persons/search?term=<email>&fields=email&exact_match=true
//   POST /v1/persons {name, email: [{value, primary, label}], phone: [...]}  (only when none is found)
//   GET  /v1/leads?person_id=<id>                                          (a lead with this title already?)
//   POST /v1/leads {title, person_id}                                      (only when none is found)
//
// Pipedrive has no idempotency key. A retry is kept from doubling by finding
// before creating: the person by email, the lead by person and title. The
// person search is an index Pipedrive updates within seconds, so a retry
// that follows a create whose answer was lost a moment before can still miss
// it; the engine's retry wait (seconds or more) covers that in practice.

export const runPipedriveCreateLead = defineRun(pipedriveCreateLead, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const title = config.title.trim().slice(0, 255);
  const conn = await connectionSettings(ctx, pipedriveConnection, config.connection);
  const api = pipedriveApi(conn, ctx.signal);

  const search = await api(
    'GET',
    `/v1/persons/search?${new URLSearchParams({ term: email, fields: 'email', exact_match: 'true', limit: '1' })}`,
  );
  let personId = search.json?.data?.items?.[0]?.item?.id as number | undefined;
  const personCreated = !personId;
  if (!personId) {
    const phone = config.phone?.trim();
    const person = await api('POST', '/v1/persons', {
      name: config.name?.trim() || email,
      email: [{ value: email, primary: true, label: 'work' }],
      ...(phone ? { phone: [{ value: phone, primary: true, label: 'work' }] } : {}),
    });
    personId = person.json?.data?.id;
    if (!personId) throw new StepError('Pipedrive created the person but answered without its id', true);
  }

  const leads = await api('GET', `/v1/leads?${new URLSearchParams({ person_id: String(personId), limit: '500' })}`);
  const same = (Array.isArray(leads.json?.data) ? leads.json.data : []).find(
    (l: { title?: string; is_archived?: boolean }) => l.title === title && !l.is_archived,
  );
  if (same) return { personId, personCreated, leadId: String(same.id), leadCreated: false };
  const lead = await api('POST', '/v1/leads', { title, person_id: personId });
  const leadId = lead.json?.data?.id;
  if (!leadId) throw new StepError('Pipedrive created the lead but answered without its id', true);
  return { personId, personCreated, leadId: String(leadId), leadCreated: true };
});
