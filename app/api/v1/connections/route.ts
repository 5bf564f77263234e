import { apiRoute, json } from '@/lib/api/handler';
import { createConnectionInput } from '@/lib/connections/connection-input';
import { createConnection } from '@/lib/connections/create-connection';
import { listConnections, listConnectionsQuery } from '@/lib/connections/list-connections';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: listConnectionsQuery }, ({ workspaceId, query }) =>
  listConnections(workspaceId, query),
);

export const POST = apiRoute({ body: createConnectionInput }, async ({ workspaceId, body, audit }) =>
  json(await createConnection(workspaceId, body, audit), 201),
);
