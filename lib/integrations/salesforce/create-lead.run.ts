import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { defineRun } from '../define-server';
import { salesforceApi } from './api';
import { salesforceCreateLead } from './create-lead';

// GET  /services/data/vNN.N/query?q=SELECT Id FROM Lead WHERE Email = '…' AND IsConverted = false …
//      → {totalSize, done, records: [{attributes, Id}]}         (…/dome_query.htm)
// POST /services/data/vNN.N/sobjects/Lead {LastName, Company, Email, …}
//      → 201 {id, success: true, errors: []}                    (…/dome_sobject_create.htm)
//
// Salesforce has no idempotency key for creating a record, so a retry after
// an answer that got lost (a timeout, a 500 after the insert committed) could
// add the lead twice. The step looks for an open lead with the email first and
// creates one only when there is none. SOQL reads committed rows at once (no
// search index to catch up, unlike HubSpot's search), so the retry finds what
// the first try wrote. Duplicate rules (DUPLICATES_DETECTED) are not relied
// on: they are each org's own settings — off, set to alert only, or matching
// on other fields — so they cannot promise anything here; when one does
// block the insert, the step fails with Salesforce's words instead.

export const runSalesforceCreateLead = defineRun(salesforceCreateLead, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const api = await salesforceApi(ctx, config.connection);

  const soql = `SELECT Id FROM Lead WHERE Email = '${soqlString(email)}' AND IsConverted = false ORDER BY CreatedDate DESC LIMIT 1`;
  const found = await api('GET', `/query?${new URLSearchParams({ q: soql })}`);
  const existing = found.json?.records?.[0]?.Id;
  if (typeof existing === 'string') return { id: existing, created: false };

  const extra = Object.fromEntries(Object.entries(config.fields ?? {}).filter(([k, v]) => k.trim() && v !== ''));
  const given = (v?: string) => v?.trim() || undefined;
  // Fields left undefined are not sent (JSON has no undefined).
  const lead = {
    ...extra,
    FirstName: given(config.firstName),
    LastName: given(config.lastName) ?? email,
    Email: email,
    Company: given(config.company) ?? '[not provided]',
    Phone: given(config.phone),
    LeadSource: given(config.leadSource),
  };
  const res = await api('POST', '/sobjects/Lead', lead);
  if (typeof res.json?.id !== 'string') throw new StepError('Salesforce answered without the new lead’s id', true);
  return { id: res.json.id as string, created: true };
});

/** A SOQL string literal's content: backslash and quote escaped (…/langCon_apex_SOQL_escape). */
const soqlString = (v: string) => v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
