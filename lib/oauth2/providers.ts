import { oauthConnectionDefinitions } from '../integrations/registry';

// Browser-safe: the OAuth2 providers Switchboard can connect to, read from the
// app registry (a connection definition with `oauth2` set; the providers
// themselves are in lib/integrations/oauth2/app.ts). Client id and secret come
// from the environment (`<ENV>_CLIENT_ID`, `<ENV>_CLIENT_SECRET`); the endpoint
// URLs can be pointed elsewhere with `OAUTH_<ENV>_AUTHORIZE_URL` /
// `OAUTH_<ENV>_TOKEN_URL` (tests use a local authorization server), and the
// provider's APIs with `OAUTH_<ENV>_API_URL` (lib/oauth2/api-url.ts).

export type OAuthProvider = {
  /** Provider id, also used in URLs. */
  id: string;
  /** The connection type an authorization creates. */
  connectionType: string;
  label: string;
  /** Prefix of the environment variables: GOOGLE → GOOGLE_CLIENT_ID, OAUTH_GOOGLE_TOKEN_URL. */
  envPrefix: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /** Extra authorization parameters, e.g. Google's access_type=offline for a refresh token. */
  authorizeParams?: Record<string, string>;
  /** Where an operator registers the OAuth app (shown when it is not configured). */
  setupUrl: string;
};

export const oauthProviders: OAuthProvider[] = oauthConnectionDefinitions.map((c) => ({
  ...c.oauth2!,
  id: c.oauth2!.provider,
  connectionType: c.type,
  label: c.label,
}));

export const oauthConnectionTypes = oauthProviders.map((p) => p.connectionType);

export const providerById = (id: string): OAuthProvider | undefined => oauthProviders.find((p) => p.id === id);

export const providerForType = (type: string): OAuthProvider | undefined =>
  oauthProviders.find((p) => p.connectionType === type);

export { isOAuthType } from '../integrations/registry';

/** The environment variable names of a provider (documented in the README, shown in the setup hint). */
export const providerEnvNames = (p: Pick<OAuthProvider, 'envPrefix'>) => ({
  clientId: `${p.envPrefix}_CLIENT_ID`,
  clientSecret: `${p.envPrefix}_CLIENT_SECRET`,
  authorizeUrl: `OAUTH_${p.envPrefix}_AUTHORIZE_URL`,
  tokenUrl: `OAUTH_${p.envPrefix}_TOKEN_URL`,
  apiUrl: `OAUTH_${p.envPrefix}_API_URL`,
});

/** The callback every provider redirects to; register `{APP_URL}` + this. */
export const OAUTH_CALLBACK_PATH = '/api/oauth2/callback';
