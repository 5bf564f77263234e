import { z } from 'zod';
import { oauthProviders, providerEnvNames } from './providers';

// The OAuth2 part of the environment schema (lib/env.ts extends its schema
// with it): for each provider its client id and secret, and optional endpoint
// URLs that replace the provider's own (authorization, token, and the origin
// of its APIs).

const endpoint = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be a URL starting with http:// or https://');

export const oauthEnvShape = Object.fromEntries(
  oauthProviders.flatMap((p) => {
    const n = providerEnvNames(p);
    return [
      [n.clientId, z.string().optional()],
      [n.clientSecret, z.string().optional()],
      [n.authorizeUrl, endpoint.optional()],
      [n.tokenUrl, endpoint.optional()],
      [n.apiUrl, endpoint.optional()],
    ];
  }),
) as Record<string, z.ZodOptional<z.ZodString>>;
