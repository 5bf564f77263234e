import { z } from 'zod';
import { stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

/** Credentials written into the step itself; an `http` connection keeps them encrypted instead. */
export const inlineHttpAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: z.string().min(1, 'Token is required') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1, 'Username is required'), password: z.string() }),
  z.object({ type: z.literal('header'), name: z.string().min(1, 'Header name is required'), value: z.string() }),
]);

export const httpRequestConfig = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('POST'),
  url: tpl('URL'),
  headers: stringMap(),
  query: stringMap(),
  /** An object is sent as JSON (or form fields with bodyType "form"); a string as is. */
  body: z
    .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .optional()
    .meta({ multiline: true }),
  bodyType: z.enum(['json', 'form', 'raw']).optional(),
  /** An `http` connection whose auth (bearer, basic or header) is added, or an OAuth2 account whose access token is. */
  connection: z.string().uuid('Choose a connection').optional(),
  auth: inlineHttpAuth.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional().meta({ label: 'Timeout (ms)' }),
});

export type HttpRequestConfig = z.infer<typeof httpRequestConfig>;

export const httpRequest = defineStep({
  type: 'http.request',
  label: 'HTTP request',
  description: 'Calls any API and returns its status, headers and body.',
  category: 'http',
  schema: httpRequestConfig,
  connection: 'http',
  alsoAccepts: ['oauth2'],
  idBase: 'http',
});
