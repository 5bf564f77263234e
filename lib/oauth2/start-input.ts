import { z } from 'zod';
import { connectionName } from '../connections/connection-input';

/** POST /api/v1/oauth2/{provider}/start */
export const startAuthorizationInput = z.object({
  name: connectionName,
  /** Reconnect this connection instead of making a new one. */
  connectionId: z.string().uuid('connectionId must be a connection id').optional(),
  /** A path of this app to land on afterwards (default: the Connections page). */
  returnTo: z.string().max(500).optional(),
});
