import { resolveAllowed } from '../net/guarded-lookup';
import { outboundPolicy } from '../net/address-policy';
import { guardedSmtpTransport, smtpSettingsOf } from '../net/smtp-transport';
import { smtpStepError } from '../steps/email-send/run';
import { callVendor, vendorBase } from '../steps/call-vendor';
import { httpAuthHeaders } from './http-auth-headers';
import { loadConnectionForStep } from './load-connection-for-step';
import { mergeSecret } from './split-secret';
import { getConnection } from './get-connection';
import type { ConnectionType } from '../steps/types';
import { checkOAuthConnection } from '../oauth2/check-oauth-connection';
import { isOAuthType, type OAuthConnectionType } from '../oauth2/providers';

export type CheckResult = { ok: boolean; message: string };

// "Check connection": one harmless call that proves the settings work. Never
// sends a message or changes anything at the vendor. The outcome is a return
// value (the check failing is an expected answer, not an API error).

export async function checkConnection(
  workspaceId: string,
  id: string,
  opts: { url?: string } = {},
): Promise<CheckResult> {
  const view = await getConnection(workspaceId, id);
  if (isOAuthType(view.type)) return checkOAuthConnection(workspaceId, id);
  const conn = await loadConnectionForStep(workspaceId, id, view.type);
  const s = mergeSecret(conn.config, conn.secret) as Record<string, any>;
  const signal = AbortSignal.timeout(20_000);
  try {
    return await checks[view.type](s, signal, opts);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

const checks: Record<
  Exclude<ConnectionType, OAuthConnectionType>,
  (s: Record<string, any>, signal: AbortSignal, opts: { url?: string }) => Promise<CheckResult>
> = {
  async smtp(s) {
    let transport;
    try {
      transport = await guardedSmtpTransport(smtpSettingsOf(s));
      await transport.verify();
      return { ok: true, message: `Connected to ${s.host}:${s.port}${s.user ? ' and signed in' : ''}.` };
    } catch (err) {
      return { ok: false, message: smtpStepError(err, s.host).message };
    } finally {
      transport?.close();
    }
  },

  // Incoming webhooks have no harmless call (any POST posts a message), so
  // check the URL's shape and that its host is an address we may call.
  async slack(s) {
    const url = new URL(String(s.webhookUrl));
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, message: 'The webhook URL must start with https://' };
    await resolveAllowed(url.hostname, Number(url.port) || 443, outboundPolicy());
    const slackShaped = url.hostname === 'hooks.slack.com' && url.pathname.startsWith('/services/');
    return {
      ok: true,
      message: slackShaped
        ? 'The webhook URL looks right. Slack offers no way to test it without posting a message.'
        : 'The URL is reachable from here, but it is not a hooks.slack.com/services/... address; check it is a Slack incoming webhook.',
    };
  },

  async twilio(s, signal) {
    const base = vendorBase(s.baseUrl, 'https://api.twilio.com');
    const res = await callVendor({
      method: 'GET',
      url: `${base}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}.json`,
      headers: {
        authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`,
        accept: 'application/json',
      },
      signal,
    });
    if (res.status === 200)
      return { ok: true, message: `Signed in to Twilio account ${res.json?.friendly_name ?? s.accountSid}.` };
    return { ok: false, message: `Twilio answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}` };
  },

  async hubspot(s, signal) {
    const base = vendorBase(s.baseUrl, 'https://api.hubapi.com');
    const res = await callVendor({
      method: 'GET',
      url: `${base}/crm/v3/objects/contacts?limit=1`,
      headers: { authorization: `Bearer ${s.accessToken}`, accept: 'application/json' },
      signal,
    });
    if (res.status === 200) return { ok: true, message: 'HubSpot accepted the access token and contacts can be read.' };
    return { ok: false, message: `HubSpot answered ${res.status}${res.json?.message ? `: ${res.json.message}` : ''}` };
  },

  async http(s, signal, opts) {
    if (!opts.url) return { ok: true, message: 'Saved. Give a URL to try the credentials against an API.' };
    const res = await callVendor({ method: 'HEAD', url: opts.url, headers: httpAuthHeaders(s), signal });
    const ok = res.status < 400;
    return { ok, message: `${opts.url} answered ${res.status}${ok ? '' : ' — check the credentials'}` };
  },
};
