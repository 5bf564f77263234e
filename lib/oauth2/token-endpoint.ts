import type { ProviderSettings } from './provider-settings';

// One call to a provider's token endpoint (authorization code or refresh
// token grant). Client credentials go in the form body (client_secret_post),
// which Google, Microsoft, Salesforce and HubSpot all accept.

export type TokenResponse = {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
  scope?: string;
  instance_url?: string;
};

/** The provider answered with an OAuth2 error (`error` is e.g. invalid_grant). */
export class TokenEndpointError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(`${error}${description ? `: ${description}` : ''}`);
    this.name = 'TokenEndpointError';
  }
}

/** The provider could not be reached or gave no usable answer (worth a retry). */
export class TokenEndpointUnavailable extends Error {}

export async function requestTokens(
  settings: ProviderSettings,
  params: Record<string, string>,
): Promise<TokenResponse> {
  const body = new URLSearchParams({ ...params, client_id: settings.clientId, client_secret: settings.clientSecret });
  let res: Response;
  try {
    res = await fetch(settings.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(20_000),
      redirect: 'error',
    });
  } catch (err) {
    throw new TokenEndpointUnavailable(`The token endpoint could not be reached: ${(err as Error).message}`);
  }
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (res.ok && json && typeof json.access_token === 'string' && json.access_token) return json as TokenResponse;
  if (json && typeof json.error === 'string' && res.status < 500)
    throw new TokenEndpointError(res.status, json.error, (json.error_description as string | undefined) ?? undefined);
  throw new TokenEndpointUnavailable(`The token endpoint answered ${res.status} without tokens`);
}

/** What is kept encrypted in the connection's secret. */
export type StoredTokens = {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  tokenType: string;
};

/** Tokens to store; a refresh answer without a new refresh token keeps the old one. */
export function toStoredTokens(res: TokenResponse, previousRefreshToken?: string, now = Date.now()): StoredTokens {
  const expiresIn = Number(res.expires_in);
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token ?? previousRefreshToken,
    // Providers that omit expires_in (HubSpot once did) get an hour.
    expiresAt: now + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
    tokenType: res.token_type ?? 'Bearer',
  };
}
