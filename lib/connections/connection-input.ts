import { z } from 'zod';
import { AppError } from '../errors';
import { connectionDefinition, connectionSecretKeys, connectionTypes } from '../integrations/registry';
import { MASK, splitSecret } from './split-secret';

export const connectionName = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'At most 100 characters');

export const createConnectionInput = z.object({
  type: z.enum(connectionTypes as [string, ...string[]], {
    message: `type must be one of ${connectionTypes.join(', ')}`,
  }),
  name: connectionName,
  config: z.record(z.string(), z.unknown(), { message: 'config must be an object' }),
});

/** POST /connections/{id}/test: the URL to try for connections that reach one. */
export const checkConnectionInput = z.object({ url: z.string().url('must be a full URL').optional() }).optional();

export const updateConnectionInput = z.object({
  name: connectionName.optional(),
  /** Replaces the settings; a secret field left out, empty or masked keeps its stored value. */
  config: z.record(z.string(), z.unknown()).optional(),
});

/** Validates settings for a type and splits them into stored config and secret. */
export function parseConnectionConfig(type: string, raw: unknown) {
  const def = connectionDefinition(type);
  if (!def) throw new AppError('invalid_input', `Unknown connection type "${type}"`);
  if (def.oauth2)
    throw new AppError(
      'invalid_input',
      `${def.label} connections are made by signing in: use Connect on the Connections page (POST /api/v1/oauth2/${def.oauth2.provider}/start).`,
      [{ path: 'type', message: `Use Connect to sign in to ${def.label}` }],
    );
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message }));
    throw new AppError('invalid_input', `Invalid body: ${details[0]!.path}: ${details[0]!.message}`, details);
  }
  return splitSecret(parsed.data as Record<string, unknown>, connectionSecretKeys(type), MASK);
}
