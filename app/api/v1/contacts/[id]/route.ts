import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { deleteContact } from '@/lib/contacts/delete-contact';
import { getContact } from '@/lib/contacts/get-contact';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Contact') });

export const GET = apiRoute({ params }, ({ workspaceId, params }) => getContact(workspaceId, params.id));

export const DELETE = apiRoute({ params }, async ({ workspaceId, params, audit }) => {
  await deleteContact(workspaceId, params.id, audit);
  return new Response(null, { status: 204 });
});
