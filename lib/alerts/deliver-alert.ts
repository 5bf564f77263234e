import { db } from '../db';
import { env } from '../env';
import { logger } from '../log';
import { sendInstanceMail } from '../mail/instance-mail';
import { outboundRequest } from '../net/outbound-request';
import { DEFAULT_ALERT_SETTINGS, openAlertUrls } from './alert-settings';

// Sends one alert of a flow (a failed run, a quiet source) to where the flow's
// settings say: the owners' verified addresses (instance SMTP), a Slack
// incoming webhook ({"text": ...}) and any webhook (a JSON POST through the
// SSRF-guarded client). The caller has claimed the hour; channels already
// delivered by an earlier try of the same job are passed in and not sent again.

export type Channel = 'email' | 'slack' | 'webhook';

export type FlowAlert = {
  kind: 'failure' | 'quiet';
  workspaceId: string;
  flowId: string;
  flowName: string;
  subject: string;
  /** The mail's text (the Slack text is shorter). */
  text: string;
  slackText: string;
  /** The JSON a webhook receives. */
  payload: Record<string, unknown>;
};

export type Destinations = {
  channels: Channel[];
  emails: string[];
  slackUrl?: string;
  webhookUrl?: string;
};

/** The runs page filtered to the flow (and status), the link every alert carries. */
export const runsPageUrl = (flowId: string, status?: string) =>
  `${env().APP_URL}/runs?flowId=${flowId}${status ? `&status=${status}` : ''}`;

/** Where the flow's alerts of this kind go now; none when that kind is switched off. */
export async function alertDestinations(
  workspaceId: string,
  flowId: string,
  kind: FlowAlert['kind'],
): Promise<Destinations> {
  const row = await db.flowAlertSettings.findUnique({
    where: { flowId },
    select: { onFailure: true, onQuiet: true, email: true, sealedUrls: true, keyId: true, workspaceId: true },
  });
  const s = row && row.workspaceId === workspaceId ? row : null;
  const on = kind === 'failure' ? (s?.onFailure ?? DEFAULT_ALERT_SETTINGS.onFailure) : (s?.onQuiet ?? false);
  if (!on) return { channels: [], emails: [] };
  const urls = s ? openAlertUrls(workspaceId, s) : {};
  const channels: Channel[] = [];
  let emails: string[] = [];
  if (s?.email ?? DEFAULT_ALERT_SETTINGS.email) {
    // Only to verified addresses: an address typed at sign-up is not mailed until its owner confirms it.
    const owners = await db.membership.findMany({
      where: { workspaceId, role: 'owner', user: { emailVerified: true } },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    });
    emails = owners.map((o) => o.user.email);
    if (emails.length) channels.push('email');
    else logger.info({ flowId }, `${kind} alert: no owner has a verified email address; no email`);
  }
  if (urls.slackUrl) channels.push('slack');
  if (urls.webhookUrl) channels.push('webhook');
  return { channels, emails, slackUrl: urls.slackUrl, webhookUrl: urls.webhookUrl };
}

export type DeliveryResult = {
  delivered: Channel[];
  /** Email written to the log because SMTP_URL is unset. */
  logged: boolean;
  failed: { channel: Channel; error: string }[];
};

export async function deliverAlert(alert: FlowAlert, to: Destinations, done: Channel[] = []): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: [], logged: false, failed: [] };
  for (const channel of to.channels) {
    if (done.includes(channel)) continue;
    try {
      if (channel === 'email') {
        const sent = await sendInstanceMail({ to: to.emails.join(', '), subject: alert.subject, text: alert.text });
        if (!sent) result.logged = true;
      } else {
        const url = channel === 'slack' ? to.slackUrl! : to.webhookUrl!;
        const body = channel === 'slack' ? { text: alert.slackText } : alert.payload;
        await postJson(url, body);
      }
      result.delivered.push(channel);
    } catch (err) {
      result.failed.push({ channel, error: (err as Error).message });
    }
  }
  return result;
}

async function postJson(url: string, body: unknown) {
  const res = await outboundRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'user-agent': 'Switchboard-Alerts' },
    body: JSON.stringify(body),
    timeoutMs: 10_000,
    maxBytes: 64 * 1024,
  });
  if (res.status < 200 || res.status > 299) throw new Error(`answered HTTP ${res.status}`);
}
