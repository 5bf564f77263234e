import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { airtableApi } from './api';
import { airtableConnection } from './app';
import { airtableCreateRecord } from './create-record';

// Create: POST /v0/{baseId}/{table} {fields, typecast} → {id, createdTime, fields}
//   (airtable.com/developers/web/api/create-records).
// With "update the record with the same…": PATCH /v0/{baseId}/{table}
//   {performUpsert: {fieldsToMergeOn}, records: [{fields}], typecast} →
//   {records, createdRecords, updatedRecords} (airtable.com/developers/web/api/update-multiple-records).
//
// Airtable has no idempotency key. With merge fields set, a retry (or a
// resent event) updates the row the first try made: nothing doubles. Without
// them, only answers that say nothing was written are retried (429, 5xx, no
// connection); a 200 lost on the way back can add the row twice, and the
// editor's hint on "Update the record with the same…" says how to rule it out.

export const runAirtableCreateRecord = defineRun(airtableCreateRecord, async (config, ctx) => {
  const fields = Object.fromEntries(Object.entries(config.fields ?? {}).filter(([k, v]) => k.trim() && v !== ''));
  if (!Object.keys(fields).length)
    throw new StepError('No fields to write: add at least one field with a value', false);
  const mergeOn = (config.mergeOn ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of mergeOn)
    if (!(f in fields)) throw new StepError(`"${f.slice(0, 100)}" is a merge field but has no value in Fields`, false);
  const conn = await connectionSettings(ctx, airtableConnection, config.connection);
  const api = airtableApi(conn, ctx.signal);
  const path = `/v0/${encodeURIComponent(config.baseId.trim())}/${encodeURIComponent(config.table.trim())}`;
  const typecast = config.typecast !== false;

  if (!mergeOn.length) {
    const res = await api('POST', path, { fields, typecast });
    if (typeof res.json?.id !== 'string') throw new StepError('Airtable answered without a record id', true);
    return { id: res.json.id as string, created: true, fields: res.json.fields ?? {} };
  }
  const res = await api('PATCH', path, {
    performUpsert: { fieldsToMergeOn: mergeOn },
    records: [{ fields }],
    typecast,
  });
  const record = res.json?.records?.[0];
  if (typeof record?.id !== 'string') throw new StepError('Airtable answered without a record id', true);
  const created = Array.isArray(res.json?.createdRecords) && res.json.createdRecords.includes(record.id);
  return { id: record.id as string, created, fields: record.fields ?? {} };
});
