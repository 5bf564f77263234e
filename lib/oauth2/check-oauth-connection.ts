import { getAccessToken } from './get-access-token';

// "Check connection" for an OAuth2 connection: a usable access token proves
// the grant still holds (refreshing it if it is about to expire, which is
// where a revoked grant shows). No call is made to the provider's APIs.
export async function checkOAuthConnection(workspaceId: string, id: string): Promise<{ ok: boolean; message: string }> {
  try {
    await getAccessToken(workspaceId, id);
    return { ok: true, message: 'Signed in; the access token is valid and is refreshed automatically.' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
