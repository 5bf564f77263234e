import { z } from 'zod';
import { defineApp, defineConnection, type OAuth2Settings } from '../define';

// Accounts a user signs in to with OAuth2 (lib/oauth2/ runs the flow). Each
// provider is one connection type, written as one definition below: a new
// provider is one more `oauth2Account(...)` in the list. Client id and secret
// come from the environment (`<envPrefix>_CLIENT_ID` / `_CLIENT_SECRET`).
// A step takes these connections through `alsoAccepts: ['oauth2']`.

/**
 * An OAuth2 connection's visible settings, written by the callback
 * (lib/oauth2/complete-authorization.ts), never by a form: its tokens are the
 * secret, and it is made with "Connect", not with settings.
 */
export const oauthAccountSchema = z.object({
  provider: z.string(),
  scope: z.string().optional(),
  instanceUrl: z.string().optional(),
  connectedAt: z.string().optional(),
});

const oauth2Account = (type: string, label: string, oauth2: OAuth2Settings) =>
  defineConnection({
    type,
    label,
    schema: oauthAccountSchema,
    secretFields: ['accessToken', 'refreshToken'],
    summary: (k) => `Signed in${k.instanceUrl ? ` · ${String(k.instanceUrl)}` : ''}`,
    oauth2,
  });

export const oauthConnections = [
  oauth2Account('google', 'Google', {
    provider: 'google',
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
  }),
  oauth2Account('microsoft', 'Microsoft 365', {
    provider: 'microsoft',
    envPrefix: 'MICROSOFT',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: ['openid', 'email', 'offline_access', 'https://graph.microsoft.com/Mail.Send'],
    setupUrl: 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
  }),
  oauth2Account('salesforce', 'Salesforce', {
    provider: 'salesforce',
    envPrefix: 'SALESFORCE',
    authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
    scopes: ['api', 'refresh_token'],
    setupUrl: 'https://help.salesforce.com/s/articleView?id=sf.connected_app_create.htm',
  }),
  oauth2Account('hubspot_oauth', 'HubSpot (OAuth)', {
    provider: 'hubspot',
    envPrefix: 'HUBSPOT',
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    setupUrl: 'https://developers.hubspot.com/docs/api/creating-an-app',
  }),
];

export const oauth2App = defineApp({
  id: 'oauth2',
  name: 'Sign-in accounts',
  icon: 'globe',
  connections: oauthConnections,
  steps: [],
});
