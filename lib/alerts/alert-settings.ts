import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { open, seal } from '../crypto/secret-box';
import { AppError, notFound } from '../errors';
import { triggerNode, type FlowGraph } from '../flows/graph';
import { DEFAULT_QUIET_HOURS } from '../flows/flow-activity';
import { outboundPolicy } from '../net/address-policy';
import { BlockedAddressError, resolveAllowed } from '../net/guarded-lookup';
import type { AlertSettingsInput, AlertSettingsView } from './alert-settings-schema';

// Where a flow's alerts go: GET|PUT /flows/{id}/alerts and the flow's
// Settings tab. The Slack and webhook URLs are sealed (the workspace is the
// context); the API and page show only a hint of them.

export type AlertUrls = { slackUrl?: string; webhookUrl?: string };

export const DEFAULT_ALERT_SETTINGS = { onFailure: true, onQuiet: false, email: true } as const;

export const sealAlertUrls = (workspaceId: string, urls: AlertUrls) => seal(urls, `alerts:${workspaceId}`);

export function openAlertUrls(
  workspaceId: string,
  row: { sealedUrls: string | null; keyId: string | null },
): AlertUrls {
  if (!row.sealedUrls || !row.keyId) return {};
  return open(row.sealedUrls, row.keyId, `alerts:${workspaceId}`) as AlertUrls;
}

/** Scheme, host and the first characters of the path: enough to recognise, not enough to post. */
export function urlHint(raw: string): string {
  const u = new URL(raw);
  const path = u.pathname.length > 12 ? `${u.pathname.slice(0, 12)}…` : u.pathname;
  return `${u.protocol}//${u.host}${path}`;
}

export const quietHoursOf = (graph: unknown) =>
  Number((triggerNode(graph as FlowGraph)?.config as { quietAlertHours?: number } | undefined)?.quietAlertHours) ||
  DEFAULT_QUIET_HOURS;

export async function getAlertSettings(workspaceId: string, flowId: string): Promise<AlertSettingsView> {
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: {
      draftGraph: true,
      alertSettings: {
        select: { onFailure: true, onQuiet: true, email: true, slackHint: true, webhookHint: true },
      },
    },
  });
  if (!flow) throw notFound('Flow');
  const s = flow.alertSettings;
  return {
    ...(s ? { onFailure: s.onFailure, onQuiet: s.onQuiet, email: s.email } : DEFAULT_ALERT_SETTINGS),
    slack: s?.slackHint ?? null,
    webhook: s?.webhookHint ?? null,
    quietHours: quietHoursOf(flow.draftGraph),
  };
}

/** The webhook's host must be one a step could call (the SSRF guard's policy), checked now as well as at each send. */
async function assertReachable(raw: string) {
  const u = new URL(raw);
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  try {
    await resolveAllowed(u.hostname, port, outboundPolicy());
  } catch (err) {
    const message =
      err instanceof BlockedAddressError ? err.message : `${u.hostname} could not be found (${(err as Error).message})`;
    throw new AppError('invalid_input', `Invalid body: webhookUrl: ${message}`, [{ path: 'webhookUrl', message }]);
  }
}

export async function saveAlertSettings(
  workspaceId: string,
  flowId: string,
  input: AlertSettingsInput,
  audit?: AuditCtx,
): Promise<AlertSettingsView> {
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: {
      id: true,
      alertSettings: {
        select: { sealedUrls: true, keyId: true, onFailure: true, onQuiet: true, email: true },
      },
    },
  });
  if (!flow) throw notFound('Flow');
  if (input.webhookUrl) await assertReachable(input.webhookUrl);
  const urls = flow.alertSettings ? openAlertUrls(workspaceId, flow.alertSettings) : {};
  const before = { ...DEFAULT_ALERT_SETTINGS, ...flow.alertSettings, ...urls };
  if (input.slackUrl !== undefined) urls.slackUrl = input.slackUrl || undefined;
  if (input.webhookUrl !== undefined) urls.webhookUrl = input.webhookUrl || undefined;
  const sealed = urls.slackUrl || urls.webhookUrl ? sealAlertUrls(workspaceId, urls) : null;
  const data = {
    onFailure: input.onFailure,
    onQuiet: input.onQuiet,
    email: input.email,
    sealedUrls: sealed?.ciphertext ?? null,
    keyId: sealed?.keyId ?? null,
    slackHint: urls.slackUrl ? urlHint(urls.slackUrl) : null,
    webhookHint: urls.webhookUrl ? urlHint(urls.webhookUrl) : null,
  };
  const changed = [
    ...(['onFailure', 'onQuiet', 'email'] as const).filter((k) => data[k] !== before[k]),
    ...(urls.slackUrl !== before.slackUrl ? ['slackUrl'] : []),
    ...(urls.webhookUrl !== before.webhookUrl ? ['webhookUrl'] : []),
  ];
  await db.$transaction(async (tx) => {
    await tx.flowAlertSettings.upsert({
      where: { flowId },
      create: { flowId, workspaceId, ...data },
      update: data,
      select: { flowId: true },
    });
    // Which settings changed and the switches' new values; the URLs are secrets, so only whether one is set.
    await recordAudit(tx, workspaceId, audit, {
      action: 'flow.alerts_update',
      targetType: 'flow',
      targetId: flowId,
      detail: {
        changed,
        onFailure: data.onFailure,
        onQuiet: data.onQuiet,
        email: data.email,
        slack: !!urls.slackUrl,
        webhook: !!urls.webhookUrl,
      },
    });
  });
  return getAlertSettings(workspaceId, flowId);
}
