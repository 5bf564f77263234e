import { open, seal } from '../crypto/secret-box';
import { db } from '../db';
import { logger } from '../log';
import { StepError } from '../steps/types';
import { providerSettings } from './provider-settings';
import { providerEnvNames, providerForType } from './providers';
import {
  requestTokens,
  TokenEndpointError,
  TokenEndpointUnavailable,
  toStoredTokens,
  type StoredTokens,
} from './token-endpoint';

// The access token of an OAuth2 connection, for steps (server only).
//
// - A token that expires within SKEW_MS is refreshed before use.
// - One refresh at a time across all workers: the refresh runs under the
//   connection row's lock (SELECT … FOR UPDATE) and re-reads the tokens once it
//   holds it, so a worker that waited uses the token the first one got instead
//   of sending the (possibly rotated, now invalid) refresh token again.
// - invalid_grant (revoked or expired grant) marks the connection
//   needs_reconnecting; steps then fail without retrying until it is reconnected.
// Errors are StepErrors: non-retryable for what only a person can fix.

export const SKEW_MS = 60_000;
export const NEEDS_RECONNECTING = 'needs_reconnecting';

type Row = { name: string; type: string; secret: string; keyId: string; status: string; statusMessage: string | null };

const needsReconnect = (name: string, why: string | null) =>
  new StepError(
    `Connection "${name}" needs reconnecting${why ? ` (${why})` : ''}: open Connections and click Reconnect.`,
    false,
  );

function tokensOf(row: Row, workspaceId: string): StoredTokens {
  try {
    return open(row.secret, row.keyId, workspaceId) as StoredTokens;
  } catch (err) {
    throw new StepError(`Connection "${row.name}": ${(err as Error).message}`, false);
  }
}

function usable(row: Row, workspaceId: string): StoredTokens {
  if (row.status === NEEDS_RECONNECTING) throw needsReconnect(row.name, row.statusMessage);
  if (!providerForType(row.type)) throw new StepError(`Connection "${row.name}" is not an OAuth2 connection`, false);
  return tokensOf(row, workspaceId);
}

/**
 * A valid access token. `rejected`: the token an API just answered 401 to —
 * refreshed unless another worker already replaced it.
 */
export async function getAccessToken(
  workspaceId: string,
  connectionId: string,
  opts: { rejected?: string } = {},
): Promise<string> {
  const row = await db.connection.findFirst({
    where: { id: connectionId, workspaceId },
    select: { name: true, type: true, secret: true, keyId: true, status: true, statusMessage: true },
  });
  if (!row) throw new StepError('Connection not found: choose a connection in this step’s settings', false);
  const tokens = usable(row, workspaceId);
  if (!stale(tokens, opts.rejected)) return tokens.accessToken;
  return refreshLocked(workspaceId, connectionId, opts.rejected);
}

const stale = (t: StoredTokens, rejected?: string) =>
  rejected !== undefined ? t.accessToken === rejected : t.expiresAt - Date.now() <= SKEW_MS;

type Outcome = { token: string } | { revoked: string; name: string };

async function refreshLocked(workspaceId: string, connectionId: string, rejected?: string): Promise<string> {
  const outcome = await db.$transaction(
    async (tx): Promise<Outcome> => {
      const [row] = await tx.$queryRaw<Row[]>`
        SELECT name, type, secret, "keyId", status, "statusMessage" FROM connection
        WHERE id = ${connectionId}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
      if (!row) throw new StepError('Connection not found: choose a connection in this step’s settings', false);
      const tokens = usable(row, workspaceId);
      // Another worker refreshed while this one waited for the lock.
      if (!stale(tokens, rejected)) return { token: tokens.accessToken };

      const provider = providerForType(row.type)!;
      const settings = providerSettings(provider);
      if (!settings) {
        const n = providerEnvNames(provider);
        throw new StepError(
          `${provider.label} is not set up on this server (${n.clientId} / ${n.clientSecret}), so "${row.name}" cannot be refreshed`,
          false,
        );
      }
      if (!tokens.refreshToken)
        return revoke(tx, workspaceId, connectionId, row.name, `${provider.label} gave no refresh token`);
      let fresh: StoredTokens;
      try {
        const res = await requestTokens(settings, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
        fresh = toStoredTokens(res, tokens.refreshToken);
      } catch (err) {
        if (err instanceof TokenEndpointError && err.error === 'invalid_grant')
          return revoke(
            tx,
            workspaceId,
            connectionId,
            row.name,
            `${provider.label} refused the refresh: ${err.message}`,
          );
        if (err instanceof TokenEndpointError)
          throw new StepError(`${provider.label} refused to refresh the token of "${row.name}": ${err.message}`, false);
        if (err instanceof TokenEndpointUnavailable) throw new StepError(`${provider.label}: ${err.message}`, true);
        throw err;
      }
      const sealed = seal(fresh, workspaceId);
      await tx.$executeRaw`UPDATE connection SET secret = ${sealed.ciphertext}, "keyId" = ${sealed.keyId},
        "updatedAt" = now() WHERE id = ${connectionId}::uuid AND "workspaceId" = ${workspaceId}::uuid`;
      logger.info({ connectionId }, 'oauth2 access token refreshed');
      return { token: fresh.accessToken };
    },
    // The lock is held across the provider's answer (at most 20 s).
    { maxWait: 30_000, timeout: 45_000 },
  );
  if ('revoked' in outcome) throw needsReconnect(outcome.name, outcome.revoked);
  return outcome.token;
}

async function revoke(
  tx: Parameters<Parameters<typeof db.$transaction>[0]>[0],
  workspaceId: string,
  connectionId: string,
  name: string,
  why: string,
): Promise<Outcome> {
  await tx.$executeRaw`UPDATE connection SET status = ${NEEDS_RECONNECTING}, "statusMessage" = ${why.slice(0, 500)},
    "updatedAt" = now() WHERE id = ${connectionId}::uuid AND "workspaceId" = ${workspaceId}::uuid`;
  logger.warn({ connectionId }, 'oauth2 grant refused: connection needs reconnecting');
  return { revoked: why, name };
}

/**
 * Calls `call` with a valid token; if the API answers 401, refreshes once and
 * calls again with the new token (a provider may revoke a token before its expiry).
 */
export async function withAccessToken<R extends { status: number }>(
  workspaceId: string,
  connectionId: string,
  call: (token: string) => Promise<R>,
): Promise<R> {
  const token = await getAccessToken(workspaceId, connectionId);
  const res = await call(token);
  if (res.status !== 401) return res;
  return call(await getAccessToken(workspaceId, connectionId, { rejected: token }));
}
