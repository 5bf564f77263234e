import { z } from 'zod';
import { env } from '../../env';
import { allOperations, type Operation } from './registry';
import './api-keys.ops';
import './audit-log.ops';
import './backup-check.ops';
import './connections.ops';
import './contacts.ops';
import './events.ops';
import './flows.ops';
import './members.ops';
import './oauth2.ops';
import './recovery.ops';
import './runs.ops';

// OpenAPI 3.1 from the operation registry. JSON Schema 2020-12 (what 3.1 uses)
// comes straight from zod 4.

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: { type: 'string' },
              message: { type: 'string' },
              nodeId: { type: 'string', description: 'The flow step the problem is in' },
              field: {
                type: 'string',
                description: 'The field inside that step’s config, e.g. "to" or "headers.X-Key"',
              },
            },
          },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function queryParameters(op: Operation) {
  if (!op.query) return [];
  const schema = jsonSchema(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: s,
  }));
}

function operationObject(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  const err = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    parameters: [...pathParams, ...queryParameters(op)],
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
      : {}),
    ...(op.public ? { security: [] } : op.sessionOnly ? { security: [{ session: [] }] } : {}),
    responses: {
      [op.success.status]: {
        description: op.success.description,
        ...(op.success.schema
          ? { content: { 'application/json': { schema: jsonSchema(op.success.schema, 'output') } } }
          : {}),
      },
      ...(op.body || op.query ? { 400: err('Invalid input; details name each field') } : {}),
      ...(op.body ? { 413: err('Body larger than 1 MiB') } : {}),
      ...(op.public ? {} : { 401: err('Missing, unknown or revoked API key') }),
      ...(pathParams.length ? { 404: err('Not found in this workspace') } : {}),
      429: err('Rate limited; see Retry-After'),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of allOperations()) {
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1',
      description:
        'Manage flows, runs, events, connections and contacts. Authenticate with `Authorization: Bearer <api key>` (Settings → API keys).',
    },
    servers: [{ url: `${env().APP_URL}/api/v1` }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from Settings → API keys' },
        session: { type: 'apiKey', in: 'cookie', name: 'switchboard.session_token' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
