import { env } from '../env';
import { providerEnvNames, providerForType } from './providers';

// Where a step calls a provider's API. Steps name the vendor's own URL
// (https://sheets.googleapis.com/v4/…); `OAUTH_<P>_API_URL`, when set, takes
// the place of its origin and keeps the path and query, so one setting points
// every API of a provider (Sheets and Gmail alike) at a proxy or a test
// server, as OAUTH_<P>_TOKEN_URL does for its token endpoint. An operator's
// setting, not a connection's: OAuth2 connections are made by signing in and
// have no settings a user types. The call still goes through the guarded
// client (lib/net), so loopback and private addresses stay refused unless
// OUTBOUND_ALLOW_PRIVATE is set.

export function oauthApiUrl(connectionType: string, url: string): string {
  const provider = providerForType(connectionType);
  if (!provider) return url;
  const override = (env() as Record<string, unknown>)[providerEnvNames(provider).apiUrl];
  if (typeof override !== 'string' || !override) return url;
  const u = new URL(url);
  return `${override.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}
