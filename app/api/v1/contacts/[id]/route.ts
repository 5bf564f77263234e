import { apiRoute, assertId } from '@/lib/api/handler';
import { getContact } from '@/lib/contacts/get-contact';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => getContact(workspaceId, assertId(params.id, 'Contact')));
