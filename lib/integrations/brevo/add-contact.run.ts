import { isEmail } from '../../steps/is-email';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { brevoAddContact } from './add-contact';
import { brevoApi } from './api';
import { brevoConnection } from './app';

// Create a contact (developers.brevo.com/reference/createcontact): POST
// /v3/contacts {email, attributes, listIds, updateEnabled: true}; 201 {id}
// when created, 204 (no body) when updateEnabled updated an existing one.
//
// Brevo has no idempotency key, and needs none here: with updateEnabled the
// call is "create or update by email", so a retry or a resent event lands on
// the same contact and adds it to the same lists again, which changes nothing.

export const runBrevoAddContact = defineRun(brevoAddContact, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const listIds = config.listIds
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((v) => (/^\d{1,10}$/.test(v) ? Number(v) : NaN));
  if (!listIds.length || listIds.some((n) => !Number.isSafeInteger(n) || n < 1))
    throw new StepError(`List IDs must be numbers separated by commas (got "${config.listIds.slice(0, 100)}")`, false);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.attributes ?? {}))
    if (k.trim() && v !== '') attributes[k.trim().toUpperCase()] = v;
  if (config.firstName?.trim()) attributes.FIRSTNAME = config.firstName.trim();
  if (config.lastName?.trim()) attributes.LASTNAME = config.lastName.trim();

  const conn = await connectionSettings(ctx, brevoConnection, config.connection);
  const res = await brevoApi(conn, ctx.signal)('POST', '/v3/contacts', {
    email,
    ...(Object.keys(attributes).length ? { attributes } : {}),
    listIds,
    updateEnabled: true,
  });
  return { id: res.json?.id ?? null, created: res.status === 201, listIds };
});
