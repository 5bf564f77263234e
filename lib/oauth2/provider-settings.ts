import { env } from '../env';
import { OAUTH_CALLBACK_PATH, providerEnvNames, type OAuthProvider } from './providers';

// A provider as this server is configured for it: the client credentials from
// the environment and the endpoints (the provider's own unless overridden).

export type ProviderSettings = {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
};

const read = (name: string): string | undefined => (env() as Record<string, unknown>)[name] as string | undefined;

/** Null while the client id or secret is not set: the UI then shows how to set it up. */
export function providerSettings(p: OAuthProvider): ProviderSettings | null {
  const n = providerEnvNames(p);
  const clientId = read(n.clientId);
  const clientSecret = read(n.clientSecret);
  if (!clientId || !clientSecret) return null;
  return {
    clientId,
    clientSecret,
    authorizeUrl: read(n.authorizeUrl) ?? p.authorizeUrl,
    tokenUrl: read(n.tokenUrl) ?? p.tokenUrl,
  };
}

/** The redirect URL to register at every provider. */
export const oauthRedirectUri = () => `${env().APP_URL}${OAUTH_CALLBACK_PATH}`;
