import { requireUser } from '@/lib/auth/current-user';
import { listConnections } from '@/lib/connections/list-connections';
import { ConnectionsManager } from './connections-manager';

// Body of the Connections page: the list (secrets already masked by the
// view) and the form for a new one.
export async function ConnectionsBody({ connected }: { connected?: string } = {}) {
  const user = await requireUser();
  const { items } = await listConnections(user.workspace.id, { limit: 100 });
  return <ConnectionsManager initial={items} connected={connected} />;
}
