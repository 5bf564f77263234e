// Browser-safe: the OAuth2 providers Switchboard can connect to, as data. Each
// is one connection type (the app registry's `defineConnection({ oauth2 })`
// takes one of these). Client id and secret come from the environment
// (`<ENV>_CLIENT_ID`, `<ENV>_CLIENT_SECRET`); the endpoint URLs can be pointed
// elsewhere with `OAUTH_<ENV>_AUTHORIZE_URL` / `OAUTH_<ENV>_TOKEN_URL` (tests
// use a local authorization server).

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

export const oauthProviders = [
  {
    id: 'google',
    connectionType: 'google',
    label: 'Google',
    envPrefix: 'GOOGLE',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scopes: [
      'openid',
      'email',
      'https://www.googleapis.com/auth/gmail.send',
      'https://www.googleapis.com/auth/spreadsheets',
    ],
    // Without both, Google returns no refresh token on a second consent.
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    setupUrl: 'https://console.cloud.google.com/apis/credentials',
  },
  {
    id: 'microsoft',
    connectionType: 'microsoft',
    label: 'Microsoft 365',
    envPrefix: 'MICROSOFT',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: ['openid', 'email', 'offline_access', 'https://graph.microsoft.com/Mail.Send'],
    setupUrl: 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  },
  {
    id: 'salesforce',
    connectionType: 'salesforce',
    label: 'Salesforce',
    envPrefix: 'SALESFORCE',
    authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
    scopes: ['api', 'refresh_token'],
    setupUrl: 'https://help.salesforce.com/s/articleView?id=sf.connected_app_create.htm',
  },
  {
    id: 'hubspot',
    connectionType: 'hubspot_oauth',
    label: 'HubSpot (OAuth)',
    envPrefix: 'HUBSPOT',
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    setupUrl: 'https://developers.hubspot.com/docs/api/creating-an-app',
  },
] as const satisfies readonly OAuthProvider[];

export type OAuthConnectionType = (typeof oauthProviders)[number]['connectionType'];

export const oauthConnectionTypes = oauthProviders.map((p) => p.connectionType) as OAuthConnectionType[];

export function providerById(id: string): OAuthProvider | undefined {
  return (oauthProviders as readonly OAuthProvider[]).find((p) => p.id === id);
}

export function providerForType(type: string): OAuthProvider | undefined {
  return (oauthProviders as readonly OAuthProvider[]).find((p) => p.connectionType === type);
}

export const isOAuthType = (type: string): type is OAuthConnectionType => providerForType(type) !== undefined;

/** An HTTP request step (connection type `http`) also takes any OAuth2 connection: its bearer token. */
export const acceptsConnection = (wanted: string, actual: string) =>
  actual === wanted || (wanted === 'http' && isOAuthType(actual));

/** The environment variable names of a provider (documented in the README, shown in the setup hint). */
export const providerEnvNames = (p: OAuthProvider) => ({
  clientId: `${p.envPrefix}_CLIENT_ID`,
  clientSecret: `${p.envPrefix}_CLIENT_SECRET`,
  authorizeUrl: `OAUTH_${p.envPrefix}_AUTHORIZE_URL`,
  tokenUrl: `OAUTH_${p.envPrefix}_TOKEN_URL`,
});

/** The callback every provider redirects to; register `{APP_URL}` + this. */
export const OAUTH_CALLBACK_PATH = '/api/oauth2/callback';
