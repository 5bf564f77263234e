import { withConnectionName } from '../connections/connection-name-free';
import { recordAudit } from '../audit/record-audit';
import { open, seal } from '../crypto/secret-box';
import { db, Prisma } from '../db';
import { AppError } from '../errors';
import { stateId } from './pkce';
import { oauthRedirectUri, providerSettings } from './provider-settings';
import { providerById } from './providers';
import { requestTokens, TokenEndpointError, TokenEndpointUnavailable, toStoredTokens } from './token-endpoint';

// The callback: the state is consumed first (deleted, so it works once), then
// checked against the session that is back — same session, same workspace,
// not expired — and only then is the code exchanged with the stored PKCE
// verifier. Tokens are sealed into the connection's secret; nothing of them
// is returned. Every refusal is an AppError (4xx) and stores nothing.

export type CallbackQuery = { state?: string; code?: string; error?: string; error_description?: string };

export async function completeAuthorization(
  who: { userId: string; sessionId: string; workspaceId: string; ip: string | null },
  q: CallbackQuery,
): Promise<{ connectionId: string; returnTo: string | null; created: boolean }> {
  if (!q.state) throw new AppError('bad_request', 'The sign-in answer has no state; start again with Connect.');
  const [row] = await db.$queryRaw<
    {
      workspaceId: string;
      userId: string;
      sessionId: string;
      provider: string;
      name: string;
      connectionId: string | null;
      returnTo: string | null;
      verifier: string;
      keyId: string;
      expiresAt: Date;
    }[]
  >`DELETE FROM oauth_state WHERE id = ${stateId(q.state)}
    RETURNING "workspaceId"::text, "userId", "sessionId", provider, name, "connectionId"::text, "returnTo", verifier, "keyId", "expiresAt"`;
  if (!row)
    throw new AppError(
      'bad_request',
      'This sign-in link is unknown or was already used. Start again with Connect on the Connections page.',
    );
  if (row.expiresAt.getTime() < Date.now())
    throw new AppError('bad_request', 'This sign-in took too long and expired. Start again with Connect.');
  if (row.userId !== who.userId || row.sessionId !== who.sessionId || row.workspaceId !== who.workspaceId)
    throw new AppError('forbidden', 'This sign-in was started in another session. Start again with Connect.');
  const provider = providerById(row.provider);
  const settings = provider && providerSettings(provider);
  if (!provider || !settings) throw new AppError('conflict', 'This provider is no longer set up on this server.');
  if (q.error)
    throw new AppError(
      'bad_request',
      `${provider.label} did not grant access (${q.error}${q.error_description ? `: ${q.error_description}` : ''}).`,
    );
  if (!q.code) throw new AppError('bad_request', `${provider.label} sent no authorization code.`);

  let verifier: string;
  try {
    verifier = open(row.verifier, row.keyId, row.workspaceId) as string;
  } catch {
    throw new AppError('bad_request', 'The PKCE verifier of this sign-in cannot be read. Start again with Connect.');
  }
  if (typeof verifier !== 'string' || !verifier)
    throw new AppError('bad_request', 'This sign-in has no PKCE verifier. Start again with Connect.');

  let tokens;
  try {
    tokens = await requestTokens(settings, {
      grant_type: 'authorization_code',
      code: q.code,
      redirect_uri: oauthRedirectUri(),
      code_verifier: verifier,
    });
  } catch (err) {
    if (err instanceof TokenEndpointError)
      throw new AppError('bad_request', `${provider.label} refused the authorization code (${err.message}).`);
    if (err instanceof TokenEndpointUnavailable) throw new AppError('unavailable', `${provider.label}: ${err.message}`);
    throw err;
  }

  const secret = seal(toStoredTokens(tokens), row.workspaceId);
  const config = {
    provider: provider.id,
    ...(tokens.scope ? { scope: tokens.scope } : {}),
    ...(tokens.instance_url ? { instanceUrl: tokens.instance_url } : {}),
    connectedAt: new Date().toISOString(),
  } as Prisma.InputJsonValue;
  const audit = { actor: { kind: 'session' as const, userId: who.userId }, ip: who.ip };

  return withConnectionName(row.name, () =>
    db.$transaction(async (tx) => {
      if (row.connectionId) {
        const { count } = await tx.connection.updateMany({
          where: { id: row.connectionId, workspaceId: row.workspaceId, type: provider.connectionType },
          data: { config, secret: secret.ciphertext, keyId: secret.keyId, status: 'ok', statusMessage: null },
        });
        if (count) {
          await recordAudit(tx, row.workspaceId, audit, {
            action: 'connection.update',
            targetType: 'connection',
            targetId: row.connectionId,
            detail: { changed: ['tokens'] },
          });
          return { connectionId: row.connectionId, returnTo: row.returnTo, created: false };
        }
        // Deleted meanwhile: the new grant becomes a new connection.
      }
      const created = await tx.connection.create({
        data: {
          workspaceId: row.workspaceId,
          type: provider.connectionType,
          name: row.name,
          config,
          secret: secret.ciphertext,
          keyId: secret.keyId,
        },
        select: { id: true },
      });
      await recordAudit(tx, row.workspaceId, audit, {
        action: 'connection.create',
        targetType: 'connection',
        targetId: created.id,
        detail: { type: provider.connectionType, name: row.name },
      });
      return { connectionId: created.id, returnTo: row.returnTo, created: true };
    }),
  );
}
