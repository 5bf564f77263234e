import { z } from 'zod';
import { safeNext } from '@/components/auth/safe-next';
import { apiRoute } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { sessionOf } from '@/lib/oauth2/session-of';
import { startAuthorization } from '@/lib/oauth2/start-authorization';
import { startAuthorizationInput } from '@/lib/oauth2/start-input';

export const dynamic = 'force-dynamic';

const params = z.object({ provider: z.string() });

// Session only: the authorization is bound to the browser session that starts it.
export const POST = apiRoute(
  { params, auth: 'session', body: startAuthorizationInput },
  async ({ req, params, body }) => {
    const who = await sessionOf(req);
    if (!who) throw new AppError('unauthorized', 'Sign in first.');
    return startAuthorization(who, params.provider, {
      name: body.name,
      connectionId: body.connectionId,
      returnTo: body.returnTo === undefined ? undefined : safeNext(body.returnTo),
    });
  },
);
