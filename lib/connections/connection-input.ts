import { z } from 'zod';
import { AppError } from '../errors';
import { connectionSchemas, connectionTypes, secretKeys, MASK } from './connection-schemas';
import { splitSecret } from './split-secret';
import type { ConnectionType } from '../steps/types';
import { providerForType } from '../oauth2/providers';

export const connectionName = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'At most 100 characters');

export const createConnectionInput = z.object({
  type: z.enum(connectionTypes as [ConnectionType, ...ConnectionType[]], {
    message: `type must be one of ${connectionTypes.join(', ')}`,
  }),
  name: connectionName,
  config: z.record(z.string(), z.unknown(), { message: 'config must be an object' }),
});

export const updateConnectionInput = z.object({
  name: connectionName.optional(),
  /** Replaces every setting (secrets must be given again). */
  config: z.record(z.string(), z.unknown()).optional(),
});

/** Validates settings for a type and splits them into stored config and secret. */
export function parseConnectionConfig(type: ConnectionType, raw: unknown) {
  const oauth = providerForType(type);
  if (oauth)
    throw new AppError(
      'invalid_input',
      `${oauth.label} connections are made by signing in: use Connect on the Connections page (POST /api/v1/oauth2/${oauth.id}/start).`,
      [{ path: 'type', message: `Use Connect to sign in to ${oauth.label}` }],
    );
  const parsed = connectionSchemas[type].safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message }));
    throw new AppError('invalid_input', `Invalid body: ${details[0]!.path}: ${details[0]!.message}`, details);
  }
  return splitSecret(parsed.data as Record<string, unknown>, secretKeys[type], MASK);
}
