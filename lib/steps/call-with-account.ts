import { oauthApiUrl } from '../oauth2/api-url';
import { withAccessToken } from '../oauth2/get-access-token';
import { callVendor, type VendorResponse } from './call-vendor';
import type { StepContext } from './types';

// A vendor call signed with an OAuth2 account's access token (Gmail, Sheets,
// Microsoft Graph). The connection is loaded through the run's context first,
// so a connection of another workspace or type is refused before any token is
// read; the token is fetched (refreshed 60 s before expiry) at the call and
// refreshed once if the API answers 401 (lib/oauth2/get-access-token.ts).
// `url` is the vendor's own; OAUTH_<P>_API_URL may point it elsewhere.

export async function callWithAccount(
  ctx: StepContext,
  connection: { id: string; type: string },
  req: { method: string; url: string; headers?: Record<string, string>; json?: unknown; unsafeToRepeat?: string },
): Promise<VendorResponse> {
  const conn = await ctx.connection(connection.id, [connection.type]);
  const url = oauthApiUrl(conn.type, req.url);
  return withAccessToken(ctx.workspaceId, conn.id, (token) =>
    callVendor({
      method: req.method,
      url,
      headers: { accept: 'application/json', ...req.headers, authorization: `Bearer ${token}` },
      json: req.json,
      signal: ctx.signal,
      unsafeToRepeat: req.unsafeToRepeat,
    }),
  );
}
