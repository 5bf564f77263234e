import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { pageQuery } from '@/lib/api/pagination';
import { listContacts } from '@/lib/contacts/list-contacts';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(
  { query: pageQuery.extend({ search: z.string().max(200).optional() }) },
  ({ workspaceId, query }) => listContacts(workspaceId, query),
);
