import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db } from '../db';
import { contactSelect, toContactView } from './contact-view';

/** Newest first; `search` is a case-insensitive substring of email or name. */
/** GET /contacts: the route and its OpenAPI operation share it. */
export const listContactsQuery = pageQuery.extend({ search: z.string().max(200).optional() });

export async function listContacts(workspaceId: string, q: z.output<typeof listContactsQuery>) {
  const { where, ...args } = pageArgs(q);
  const search = q.search?.trim();
  const rows = await db.contact.findMany({
    ...args,
    where: {
      ...where,
      workspaceId,
      ...(search
        ? {
            OR: [
              { email: { contains: search, mode: 'insensitive' as const } },
              { name: { contains: search, mode: 'insensitive' as const } },
            ],
          }
        : {}),
    },
    select: contactSelect,
  });
  return toPage(rows, q, toContactView);
}
