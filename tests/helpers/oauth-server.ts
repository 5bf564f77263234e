import http from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './ports';

// A real OAuth2/OIDC authorization server (oidc-provider) standing in for
// Google & co: a login and a consent page, authorization code with PKCE
// required, refresh tokens that rotate (a reused one is refused and revokes
// the grant), and token revocation. Every token request's form body and
// answer is recorded; the test sets the next access token's lifetime and can
// hold refresh answers back to make concurrent refreshes overlap.

export type TokenCall = { params: URLSearchParams; status: number; answer: Record<string, any> };

export async function startOAuthServer(client: { clientId: string; clientSecret: string; redirectUri: string }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const state = { accessTtl: 3600, refreshDelayMs: 0 };
  const tokenCalls: TokenCall[] = [];

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    scopes: [
      'openid',
      'email',
      'https://www.googleapis.com/auth/gmail.send',
      'https://www.googleapis.com/auth/spreadsheets',
      'offline_access',
      'https://graph.microsoft.com/Mail.Send',
    ],
    claims: { email: ['email'] },
    ttl: {
      AccessToken: () => state.accessTtl,
      AuthorizationCode: 120,
      RefreshToken: 86_400,
      Grant: 86_400,
      Interaction: 600,
      Session: 86_400,
      IdToken: 3600,
    },
    issueRefreshToken: async (_ctx: unknown, c: { grantTypeAllowed(t: string): boolean }) =>
      c.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test` }),
    }),
    cookies: { keys: ['oauth-test-cookie-key-0123456789'] },
  });
  provider.on('server_error', (_ctx: unknown, err: unknown) => console.error('oidc-provider', err));

  const handle = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/token')) return void handle(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(raw);
      (req as unknown as { body: string }).body = raw;
      if (params.get('grant_type') === 'refresh_token' && state.refreshDelayMs)
        await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      // Records the answer as it is written.
      const out: Buffer[] = [];
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (chunk) out.push(Buffer.from(chunk as string));
        let answer: Record<string, any> = {};
        try {
          answer = JSON.parse(Buffer.concat(out).toString('utf8'));
        } catch {
          /* not JSON */
        }
        tokenCalls.push({ params, status: res.statusCode, answer });
        return end(chunk as string, ...(rest as []));
      }) as typeof res.end;
      void handle(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));

  return {
    issuer,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    state,
    tokenCalls,
    /** Revokes a refresh token (as a user removing the app's access at the provider does). */
    async revoke(token: string) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token,
          token_type_hint: 'refresh_token',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }),
      });
      if (res.status !== 200) throw new Error(`revocation: ${res.status} ${await res.text()}`);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;
