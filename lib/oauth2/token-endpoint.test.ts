import { describe, expect, it } from 'vitest';
import { acceptedConnectionTypes } from '../integrations/registry';
import { oauthEnvShape } from './oauth-env';
import { oauthProviders, providerEnvNames } from './providers';
import { toStoredTokens } from './token-endpoint';

describe('toStoredTokens', () => {
  it('keeps the old refresh token when a refresh answer carries none (Google does not rotate)', () => {
    const t = toStoredTokens({ access_token: 'a2', expires_in: 3599 }, 'r1', 1_000);
    expect(t).toEqual({ accessToken: 'a2', refreshToken: 'r1', expiresAt: 1_000 + 3_599_000, tokenType: 'Bearer' });
  });

  it('takes a rotated refresh token, and gives an answer without expires_in an hour', () => {
    const t = toStoredTokens({ access_token: 'a', refresh_token: 'r2', token_type: 'bearer' }, 'r1', 0);
    expect(t).toMatchObject({ refreshToken: 'r2', expiresAt: 3_600_000, tokenType: 'bearer' });
  });
});

describe('providers', () => {
  it('name their environment variables after the provider', () => {
    const google = oauthProviders.find((p) => p.id === 'google')!;
    expect(providerEnvNames(google)).toEqual({
      clientId: 'GOOGLE_CLIENT_ID',
      clientSecret: 'GOOGLE_CLIENT_SECRET',
      authorizeUrl: 'OAUTH_GOOGLE_AUTHORIZE_URL',
      tokenUrl: 'OAUTH_GOOGLE_TOKEN_URL',
      apiUrl: 'OAUTH_GOOGLE_API_URL',
    });
  });

  it('every provider has an API URL setting', () => {
    expect(Object.keys(oauthEnvShape).filter((k) => k.endsWith('_API_URL'))).toEqual(
      oauthProviders.map((p) => providerEnvNames(p).apiUrl),
    );
  });

  it('the HTTP request step takes http and OAuth2 connections; HubSpot’s step both HubSpot types; others their own', () => {
    expect(acceptedConnectionTypes('http.request')).toEqual([
      'http',
      'google',
      'microsoft',
      'salesforce',
      'hubspot_oauth',
    ]);
    expect(acceptedConnectionTypes('hubspot.upsertContact')).toEqual(['hubspot', 'hubspot_oauth']);
    expect(acceptedConnectionTypes('salesforce.createLead')).toEqual(['salesforce']);
    expect(acceptedConnectionTypes('email.send')).toEqual(['smtp']);
  });
});
