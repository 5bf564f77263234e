import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { attioApi } from './api';
import { attioConnection } from './app';
import { attioUpsertPerson } from './upsert-person';

// Attio REST v2, people (docs.attio.com/rest-api/endpoint-reference/people):
//   POST  /v2/objects/people/records/query {filter: {email_addresses: {email_address: {$eq}}}, limit: 1}
//   PATCH /v2/objects/people/records/{record_id} {data: {values}}            (found: name and attributes)
//   PUT   /v2/objects/people/records?matching_attribute=email_addresses      (not found: assert)
//         {data: {values: {email_addresses: [{email_address}], name: [{first_name, last_name, full_name}]}}}
//
// Why look first instead of only asserting: an assert overwrites multiselect
// attributes, and email_addresses is one, so asserting a person who has
// several addresses would delete the others. A PATCH leaves them alone.
// Nothing doubles on a retry: the assert matches on the (unique) email
// address, so a retry after a lost answer updates the record the first try
// made, and the query, which Attio answers from its own records at once,
// finds it before that.

export const runAttioUpsertPerson = defineRun(attioUpsertPerson, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const conn = await connectionSettings(ctx, attioConnection, config.connection);
  const api = attioApi(conn, ctx.signal);

  const first = config.firstName?.trim() ?? '';
  const last = config.lastName?.trim() ?? '';
  const values: Record<string, unknown> = Object.fromEntries(
    Object.entries(config.attributes ?? {}).filter(([k, v]) => k.trim() && v !== ''),
  );
  if (first || last)
    values.name = [{ first_name: first, last_name: last, full_name: [first, last].filter(Boolean).join(' ') }];

  const found = await api('POST', '/v2/objects/people/records/query', {
    filter: { email_addresses: { email_address: { $eq: email } } },
    limit: 1,
  });
  const existing = found.json?.data?.[0];
  if (existing?.id?.record_id) {
    const id = String(existing.id.record_id);
    if (!Object.keys(values).length) return { recordId: id, created: false, webUrl: existing.web_url ?? null };
    const res = await api('PATCH', `/v2/objects/people/records/${encodeURIComponent(id)}`, { data: { values } });
    return { recordId: id, created: false, webUrl: res.json?.data?.web_url ?? existing.web_url ?? null };
  }

  const res = await api('PUT', '/v2/objects/people/records?matching_attribute=email_addresses', {
    data: { values: { ...values, email_addresses: [{ email_address: email }] } },
  });
  const record = res.json?.data;
  if (!record?.id?.record_id) throw new StepError('Attio answered without a record id', true);
  return { recordId: String(record.id.record_id), created: true, webUrl: record.web_url ?? null };
});
