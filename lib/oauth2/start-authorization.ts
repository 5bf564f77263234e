import { seal } from '../crypto/secret-box';
import { assertConnectionNameFree } from '../connections/connection-name-free';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { codeChallenge, randomUrlToken, stateId } from './pkce';
import { oauthRedirectUri, providerSettings } from './provider-settings';
import { providerById, providerEnvNames } from './providers';

// "Connect": a fresh state and PKCE verifier for one authorization, stored
// against the session and workspace that asked (single use, 10 minutes), and
// the provider's consent URL to send the browser to.

export const STATE_TTL_MS = 10 * 60_000;

export type StartInput = { name: string; connectionId?: string; returnTo?: string };

export async function startAuthorization(
  who: { workspaceId: string; userId: string; sessionId: string },
  providerId: string,
  input: StartInput,
): Promise<{ authorizeUrl: string }> {
  const provider = providerById(providerId);
  if (!provider) throw notFound('OAuth2 provider');
  const settings = providerSettings(provider);
  if (!settings) {
    const n = providerEnvNames(provider);
    throw new AppError(
      'conflict',
      `${provider.label} is not set up on this server: set ${n.clientId} and ${n.clientSecret}, and register ${oauthRedirectUri()} as the redirect URL.`,
    );
  }
  if (input.connectionId) {
    const existing = await db.connection.findFirst({
      where: { id: input.connectionId, workspaceId: who.workspaceId },
      select: { type: true },
    });
    if (!existing) throw notFound('Connection');
    if (existing.type !== provider.connectionType)
      throw new AppError('invalid_input', `This connection is not a ${provider.label} connection.`);
  } else {
    // Said now rather than after the consent screen; the callback meets the unique index if it is taken meanwhile.
    await assertConnectionNameFree(db, who.workspaceId, input.name);
  }

  const state = randomUrlToken();
  const verifier = randomUrlToken();
  const sealed = seal(verifier, who.workspaceId);
  // Expired states of anyone are dropped here, so the table stays small without a sweeper.
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.oAuthState.create({
    data: {
      id: stateId(state),
      workspaceId: who.workspaceId,
      userId: who.userId,
      sessionId: who.sessionId,
      provider: provider.id,
      name: input.name,
      connectionId: input.connectionId ?? null,
      returnTo: input.returnTo ?? null,
      verifier: sealed.ciphertext,
      keyId: sealed.keyId,
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    },
    select: { id: true },
  });

  const url = new URL(settings.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: oauthRedirectUri(),
    scope: provider.scopes.join(' '),
    state,
    code_challenge: codeChallenge(verifier),
    code_challenge_method: 'S256',
    ...provider.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { authorizeUrl: url.href };
}
