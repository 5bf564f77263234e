import { db } from '../db';
import { uuid7 } from '../db/uuid7';

export type ContactInput = {
  email: string;
  name?: string;
  phone?: string;
  company?: string;
  tags: string[];
  fields: Record<string, string>;
};

/**
 * Creates or updates the workspace's contact with this (lower-cased) email in
 * one statement: INSERT ... ON CONFLICT serialises concurrent upserts of one
 * email on the unique index, so they all end in one contact. An update keeps
 * values not given, merges fields (new keys win) and adds tags.
 */
export async function upsertContact(
  workspaceId: string,
  input: ContactInput,
): Promise<{ contactId: string; created: boolean }> {
  const rows = await db.$queryRaw<{ id: string; created: boolean }[]>`
    INSERT INTO contact (id, "workspaceId", email, name, phone, company, tags, fields, "createdAt", "updatedAt")
    VALUES (${uuid7()}::uuid, ${workspaceId}::uuid, ${input.email}, ${input.name ?? null}, ${input.phone ?? null},
            ${input.company ?? null}, ${input.tags}::text[], ${JSON.stringify(input.fields)}::jsonb, now(), now())
    ON CONFLICT ("workspaceId", email) DO UPDATE SET
      name = COALESCE(EXCLUDED.name, contact.name),
      phone = COALESCE(EXCLUDED.phone, contact.phone),
      company = COALESCE(EXCLUDED.company, contact.company),
      tags = ARRAY(SELECT t FROM unnest(contact.tags || EXCLUDED.tags) WITH ORDINALITY AS u(t, n) GROUP BY t ORDER BY min(n)),
      fields = contact.fields || EXCLUDED.fields,
      "updatedAt" = now()
    RETURNING id::text AS id, (xmax = 0) AS created`;
  const row = rows[0]!;
  return { contactId: row.id, created: row.created };
}
