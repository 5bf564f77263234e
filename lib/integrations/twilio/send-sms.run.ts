import { callVendor, vendorBase } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { claimSend } from '../../steps/claim-send';
import { StepError } from '../../steps/types';
import { twilioSendSms } from './send-sms';
import { connectionSettings, defineRun } from '../define-server';
import { twilioConnection } from './app';

// Twilio Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
// basic auth AccountSid:AuthToken, form body To, From, Body. Errors are JSON
// {code, message, more_info, status} (twilio.com/docs/usage/twilios-response).

export const runTwilioSendSms = defineRun(twilioSendSms, async (config, ctx) => {
  const to = phoneNumber(config.to);
  const skip = await claimSend(ctx, 'sms', [to], config.sendLimit);
  if (skip) return skip;
  const conn = await connectionSettings(ctx, twilioConnection, config.connection);
  const sid = conn.accountSid;
  const token = conn.authToken;
  const base = vendorBase(conn.baseUrl, 'https://api.twilio.com');

  const res = await callVendor({
    method: 'POST',
    url: `${base}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
    headers: {
      authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ To: to, From: conn.fromNumber, Body: config.body }).toString(),
    signal: ctx.signal,
  });
  if (res.status >= 200 && res.status < 300 && res.json?.sid)
    return { sid: res.json.sid as string, status: res.json.status ?? null };
  if (res.status >= 200 && res.status < 300) throw new StepError('Twilio answered without a message id', true);
  const e = res.json ?? {};
  const what =
    res.status === 401
      ? 'Twilio refused the Account SID or auth token'
      : res.status === 429
        ? 'Twilio is rate limiting this account'
        : `Twilio refused the message`;
  const detail = e.message
    ? `: ${e.message}${e.code ? ` (error ${e.code}${e.more_info ? `, ${e.more_info}` : ''})` : ''}`
    : ` (HTTP ${res.status})`;
  throw statusStepError(res.status, res.headers, `${what}${detail}`);
});

/** Accepts "+1 (415) 555-0100" style input; Twilio wants E.164. */
function phoneNumber(value: string): string {
  const compact = value.replace(/[\s().-]/g, '');
  if (!/^\+?[1-9]\d{6,14}$/.test(compact)) {
    throw new StepError(
      `"${value.slice(0, 100)}" is not a phone number; use the international form, e.g. +14155550100`,
      false,
    );
  }
  return compact.startsWith('+') ? compact : `+${compact}`;
}
