import { z } from 'zod';
import { safeNext } from '@/components/auth/safe-next';
import { apiRoute } from '@/lib/api/handler';
import { connectionName } from '@/lib/connections/connection-input';
import { AppError } from '@/lib/errors';
import { sessionOf } from '@/lib/oauth2/session-of';
import { startAuthorization } from '@/lib/oauth2/start-authorization';

export const dynamic = 'force-dynamic';

const startInput = z.object({
  name: connectionName,
  /** Reconnect this connection instead of making a new one. */
  connectionId: z.string().uuid('connectionId must be a connection id').optional(),
  /** A path of this app to land on afterwards (default: the Connections page). */
  returnTo: z.string().max(500).optional(),
});

// Session only: the authorization is bound to the browser session that starts it.
export const POST = apiRoute({ auth: 'session', body: startInput }, async ({ req, params, body }) => {
  const who = await sessionOf(req);
  if (!who) throw new AppError('unauthorized', 'Sign in first.');
  return startAuthorization(who, params.provider ?? '', {
    name: body.name,
    connectionId: body.connectionId,
    returnTo: body.returnTo === undefined ? undefined : safeNext(body.returnTo),
  });
});
