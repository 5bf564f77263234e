import { upsertContact } from '../../contacts/upsert-contact';
import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { crmUpsertContact } from './upsert-contact';
import { defineRun } from '../define-server';

// The built-in CRM. Values that templated to "" (a field missing from the
// event) are left out, so they never blank out what the contact already has.

export const runCrmUpsertContact = defineRun(crmUpsertContact, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);

  const tags = (Array.isArray(config.tags) ? config.tags : (config.tags ?? '').split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const fields = Object.fromEntries(
    Object.entries(config.fields ?? {})
      .map(([k, v]) => [k.trim(), String(v).trim()] as const)
      .filter(([k, v]) => k && v),
  );
  const { contactId, created } = await upsertContact(
    ctx.workspaceId,
    {
      email,
      name: blankToUndefined(config.name),
      phone: blankToUndefined(config.phone),
      company: blankToUndefined(config.company),
      tags,
      fields,
    },
    // On the contact's timeline (a "Test step" outside a run records nothing).
    { runId: ctx.runId, nodeId: ctx.nodeId },
  );
  return { contactId, created };
});

const blankToUndefined = (v?: string) => (v && v.trim() ? v.trim() : undefined);
