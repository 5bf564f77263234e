import { z } from 'zod';
import { startAuthorizationInput } from '../../oauth2/start-input';
import { defineOperations } from './registry';

defineOperations([
  {
    method: 'GET',
    path: '/oauth2/providers',
    tag: 'Connections',
    summary: 'List OAuth2 providers',
    description:
      'The accounts a connection can sign in to, whether this server has their client id and secret (configured), the environment variables that set them and the redirect URL to register at the provider.',
    success: {
      status: 200,
      description: 'The providers',
      schema: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            connectionType: z.string(),
            label: z.string(),
            configured: z.boolean(),
            envVars: z.array(z.string()),
            redirectUrl: z.string(),
            setupUrl: z.string(),
            scopes: z.array(z.string()),
          }),
        ),
      }),
    },
  },
  {
    method: 'POST',
    path: '/oauth2/{provider}/start',
    tag: 'Connections',
    summary: 'Start connecting an OAuth2 account',
    description:
      'Creates a single-use state (10 minutes) bound to this browser session and a PKCE verifier, and returns the provider consent URL to open. The provider sends the browser back to /api/oauth2/callback, which stores the tokens encrypted and redirects to the Connections page with ?connected=<id>. connectionId reconnects an existing connection. 409 when the provider has no client id/secret on this server.',
    sessionOnly: true,
    body: startAuthorizationInput,
    success: { status: 200, description: 'Where to send the browser', schema: z.object({ authorizeUrl: z.string() }) },
  },
]);
