import { oauthRedirectUri, providerSettings } from './provider-settings';
import { oauthProviders, providerEnvNames } from './providers';

// What the Connect buttons need: which providers this server is set up for,
// and for the others the variables to set and the redirect URL to register.
// Never includes a client secret (nor the id: the consent URL carries it).

export type ProviderView = {
  id: string;
  connectionType: string;
  label: string;
  configured: boolean;
  envVars: string[];
  redirectUrl: string;
  setupUrl: string;
  scopes: string[];
};

export function listProviders(): ProviderView[] {
  return oauthProviders.map((p) => {
    const n = providerEnvNames(p);
    return {
      id: p.id,
      connectionType: p.connectionType,
      label: p.label,
      configured: providerSettings(p) !== null,
      envVars: [n.clientId, n.clientSecret],
      redirectUrl: oauthRedirectUri(),
      setupUrl: p.setupUrl,
      scopes: [...p.scopes],
    };
  });
}
