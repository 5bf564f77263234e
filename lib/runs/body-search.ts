import { Prisma } from '../db';

// Run search: a case-insensitive substring of the event body's text (e.g. a
// customer's email). The condition is written on exactly the expression the
// trigram index indexes — (body::text), see the migration
// 20261204190106_event_edit_and_search — so the planner can use it. The
// user's term is matched literally: `%`, `_` and the escape character `\`
// are escaped for LIKE.

/** The longest search term accepted. */
export const SEARCH_MAX = 200;

export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `e` is the event's alias in the query. */
export const bodyMatches = (term: string) => Prisma.sql`(e.body::text) ILIKE ${likePattern(term)}`;
