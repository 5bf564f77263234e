import { z } from 'zod';
import { createApiKeyInput } from '../../auth/api-key-input';
import { defineOperations } from './registry';

const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

defineOperations([
  {
    method: 'GET',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'List API keys',
    description: 'Names, visible prefixes and last use; never the keys themselves.',
    success: {
      status: 200,
      description: 'All keys of the workspace',
      schema: z.object({ items: z.array(apiKeyOutput), nextCursor: z.null() }),
    },
  },
  {
    method: 'POST',
    path: '/api-keys',
    tag: 'API keys',
    summary: 'Create an API key',
    description: 'Signed-in users only (Settings → API keys). The key is returned once.',
    sessionOnly: true,
    body: createApiKeyInput,
    success: {
      status: 201,
      description: 'The key, shown only this once',
      schema: apiKeyOutput.extend({ key: z.string() }),
    },
  },
  {
    method: 'DELETE',
    path: '/api-keys/{id}',
    tag: 'API keys',
    summary: 'Revoke an API key',
    sessionOnly: true,
    success: { status: 204, description: 'Revoked; the key answers 401 from now on' },
  },
]);
