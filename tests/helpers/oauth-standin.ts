import { createHash, randomBytes } from 'node:crypto';
import type { Recorded, Reply } from './recording-server';

// A provider's OAuth2 endpoints as a vendor stand-in answers them, for app
// tests whose vendor server is also the authorization server: the authorize
// page approves at once and sends the browser back with a code; the token
// endpoint checks the client, the redirect URL and the PKCE verifier for the
// code grant and the refresh token for the refresh grant, and answers with
// the vendor's own token shape (`answer`). Access tokens are handed out
// as access-1, access-2, … so a test can revoke one (`reject`).

export type StandIn = ReturnType<typeof oauthStandIn>;

export function oauthStandIn(opts: {
  clientId: string;
  clientSecret: string;
  authorizePath: string;
  tokenPath: string;
  /** The vendor's token answer: the tokens, plus the vendor's own fields. */
  answer(tokens: { access_token: string; refresh_token?: string }, grant: string): Record<string, unknown>;
}) {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const state = { issued: 0, redirectUri: '' };
  const live = new Set<string>();
  const tokenCalls: URLSearchParams[] = [];
  const bad = (error: string, description: string): Reply => ({
    status: 400,
    body: { error, error_description: description },
  });
  const issue = () => {
    const token = `access-${++state.issued}-${randomBytes(4).toString('hex')}`;
    live.add(token);
    return token;
  };

  return {
    tokenCalls,
    /** Is this access token still good (issued, not rejected)? */
    valid: (authorization: string | undefined) =>
      !!authorization?.startsWith('Bearer ') && live.has(authorization.slice(7)),
    /** Stops accepting every access token issued so far (as an expired session). */
    rejectAll: () => live.clear(),
    /** Answers the OAuth requests; undefined for any other request. */
    handle(r: Recorded): Reply | undefined {
      const url = new URL(r.path, 'http://x');
      if (r.method === 'GET' && url.pathname === opts.authorizePath) {
        const q = url.searchParams;
        if (q.get('client_id') !== opts.clientId || q.get('response_type') !== 'code')
          return { status: 400, body: 'unknown client or response type' };
        if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
          return { status: 400, body: 'PKCE required' };
        const code = `code-${randomBytes(8).toString('hex')}`;
        codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')! });
        const back = new URL(q.get('redirect_uri')!);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        return { status: 302, headers: { location: back.href } };
      }
      if (r.method !== 'POST' || url.pathname !== opts.tokenPath) return undefined;
      if (!String(r.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
        return bad('invalid_request', 'form body expected');
      const p = new URLSearchParams(r.body);
      tokenCalls.push(p);
      if (p.get('client_id') !== opts.clientId || p.get('client_secret') !== opts.clientSecret)
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      if (p.get('grant_type') === 'authorization_code') {
        const c = codes.get(p.get('code') ?? '');
        codes.delete(p.get('code') ?? '');
        if (!c) return bad('invalid_grant', 'invalid authorization code');
        if (p.get('redirect_uri') !== c.redirectUri) return bad('invalid_grant', 'redirect_uri mismatch');
        const verifier = p.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== c.challenge)
          return bad('invalid_grant', 'invalid code verifier');
        const refresh = `refresh-${randomBytes(8).toString('hex')}`;
        refreshTokens.add(refresh);
        state.redirectUri = c.redirectUri;
        return {
          status: 200,
          body: opts.answer({ access_token: issue(), refresh_token: refresh }, 'authorization_code'),
        };
      }
      if (p.get('grant_type') === 'refresh_token') {
        if (!refreshTokens.has(p.get('refresh_token') ?? ''))
          return bad('invalid_grant', 'expired access/refresh token');
        return { status: 200, body: opts.answer({ access_token: issue() }, 'refresh_token') };
      }
      return bad('unsupported_grant_type', 'grant type not supported');
    },
  };
}
