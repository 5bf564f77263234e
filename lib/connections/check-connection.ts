import { connectionChecks } from '../integrations/registry.server';
import type { CheckResult } from '../integrations/define-server';
import { loadConnectionForStep } from './load-connection-for-step';
import { mergeSecret } from './split-secret';
import { getConnection } from './get-connection';

export type { CheckResult };

// "Check connection": one harmless call that proves the settings work (each
// app's `check`, lib/integrations/<app>/server.ts). Never sends a message or
// changes anything at the vendor. The outcome is a return value (the check
// failing is an expected answer, not an API error).

export async function checkConnection(
  workspaceId: string,
  id: string,
  opts: { url?: string } = {},
): Promise<CheckResult> {
  const view = await getConnection(workspaceId, id);
  const conn = await loadConnectionForStep(workspaceId, id, [view.type]);
  const check = connectionChecks[view.type];
  if (!check) return { ok: true, message: 'Saved. This connection type has no check.' };
  try {
    return await check.check(mergeSecret(conn.config, conn.secret), {
      signal: AbortSignal.timeout(20_000),
      url: opts.url,
      workspaceId,
      connectionId: id,
    });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
