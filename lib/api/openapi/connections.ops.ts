import { z } from 'zod';
import { connectionTypes, oauthConnectionDefinitions } from '../../integrations/registry';
import { checkConnectionInput, createConnectionInput, updateConnectionInput } from '../../connections/connection-input';
import { listConnectionsQuery } from '../../connections/list-connections';
import { connectionConfigText } from './integrations-text';
import { defineOperations } from './registry';

const connectionOutput = z.object({
  id: z.uuid(),
  type: z.enum(connectionTypes as [string, ...string[]]),
  name: z.string(),
  config: z.record(z.string(), z.unknown()).describe('Non-secret settings; every secret shows as "••••••••"'),
  status: z
    .enum(['ok', 'needs_reconnecting'])
    .describe('needs_reconnecting: an OAuth2 provider refused the grant; steps using it fail until it is reconnected'),
  statusMessage: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

defineOperations([
  {
    method: 'GET',
    path: '/connections',
    tag: 'Connections',
    summary: 'List connections',
    query: listConnectionsQuery,
    success: {
      status: 200,
      description: 'A page of connections, secrets masked',
      schema: z.object({ items: z.array(connectionOutput), nextCursor: z.string().nullable() }),
    },
  },
  {
    method: 'POST',
    path: '/connections',
    tag: 'Connections',
    summary: 'Create a connection',
    description: `config by type — ${connectionConfigText()}. Secrets are encrypted and never returned. OAuth2 types (${oauthConnectionDefinitions.map((c) => c.type).join(', ')}) cannot be created here: they are made by signing in (POST /oauth2/{provider}/start). A name another connection of the workspace has (ignoring case) is refused with 400.`,
    body: createConnectionInput,
    success: { status: 201, description: 'The connection, secrets masked', schema: connectionOutput },
  },
  {
    method: 'GET',
    path: '/connections/{id}',
    tag: 'Connections',
    summary: 'Get a connection',
    success: { status: 200, description: 'The connection, secrets masked', schema: connectionOutput },
  },
  {
    method: 'PATCH',
    path: '/connections/{id}',
    tag: 'Connections',
    summary: 'Rename a connection or change its settings',
    description:
      'A new config replaces the settings and is validated like a new one (400 with details per field). A secret field left out, empty or "••••••••" keeps its stored value. A name another connection of the workspace has (ignoring case) is refused with 400 (details path "name"). OAuth2 connections can be renamed, not given settings.',
    body: updateConnectionInput,
    success: { status: 200, description: 'The connection, secrets masked', schema: connectionOutput },
  },
  {
    method: 'DELETE',
    path: '/connections/{id}',
    tag: 'Connections',
    summary: 'Delete a connection',
    success: { status: 204, description: 'Deleted; steps using it fail with "Connection not found"' },
  },
  {
    method: 'POST',
    path: '/connections/{id}/test',
    tag: 'Connections',
    summary: 'Check a connection',
    description:
      'Makes one harmless call with the stored credentials (SMTP login and MAIL FROM with the From address, then RSET, nothing sent; Twilio account lookup, HubSpot contact read; for http, a HEAD of the given url).',
    body: checkConnectionInput,
    success: {
      status: 200,
      description: 'Whether the check passed, and why',
      schema: z.object({ ok: z.boolean(), message: z.string() }),
    },
  },
]);
