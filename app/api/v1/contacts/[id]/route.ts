import { apiRoute, assertId } from '@/lib/api/handler';
import { deleteContact } from '@/lib/contacts/delete-contact';
import { getContact } from '@/lib/contacts/get-contact';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => getContact(workspaceId, assertId(params.id, 'Contact')));

export const DELETE = apiRoute({}, async ({ workspaceId, params, audit }) => {
  await deleteContact(workspaceId, assertId(params.id, 'Contact'), audit);
  return new Response(null, { status: 204 });
});
