import { apiRoute } from '@/lib/api/handler';
import { listContacts, listContactsQuery } from '@/lib/contacts/list-contacts';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: listContactsQuery }, ({ workspaceId, query }) => listContacts(workspaceId, query));
