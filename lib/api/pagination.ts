import { z } from 'zod';

// Cursor pagination for every list. Ids are UUIDv7 (time-ordered), so "newest
// first, id below the cursor" is a stable order in which items added while a
// client pages never show up twice or push others out.

export const pageQuery = z.object({
  cursor: z.uuid({ message: 'must be a cursor returned by a previous page' }).optional(),
  limit: z.coerce.number().int().min(1).max(100, 'at most 100').default(50),
});

export type PageQuery = z.infer<typeof pageQuery>;

/** Prisma arguments for one page: fetch one extra row to know if there is a next page. */
export function pageArgs(q: PageQuery) {
  return {
    take: q.limit + 1,
    where: q.cursor ? { id: { lt: q.cursor } } : {},
    orderBy: { id: 'desc' as const },
  };
}

export function toPage<T extends { id: string }, V>(rows: T[], q: PageQuery, view: (row: T) => V) {
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  return { items: items.map(view), nextCursor: more ? items[items.length - 1]!.id : null };
}
