import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { claimSend } from '../../steps/claim-send';
import { emailAddressList } from '../../steps/email-recipients';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { resendConnection } from './app';
import { resendSendEmail } from './send-email';

// Resend (resend.com/docs/api-reference/emails/send-email): POST /emails,
// Authorization: Bearer re_…, JSON {from, to[], subject, text, html,
// reply_to}; 200 {id}. Errors are {statusCode, name, message}
// (resend.com/docs/api-reference/errors): 401 missing_api_key, 403
// invalid_api_key, 422 validation_error, 429 rate_limit_exceeded /
// daily_quota_exceeded, 409 invalid_idempotent_request /
// concurrent_idempotent_requests, 500 application_error.
//
// Idempotency: the run's key (the same on every try of this step) goes in the
// Idempotency-Key header (resend.com/docs/dashboard/emails/idempotency-keys),
// so a retry after a lost answer gets the first answer back instead of a
// second email, for 24 hours.

export const runResendSendEmail = defineRun(resendSendEmail, async (config, ctx) => {
  const to = emailAddressList(config.to, 'To');
  if (to.length > 50) throw new StepError(`To has ${to.length} addresses; Resend takes at most 50`, false);
  const replyTo = config.replyTo?.trim() ? emailAddressList(config.replyTo, 'Reply-to') : undefined;
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const conn = await connectionSettings(ctx, resendConnection, config.connection);
  const res = await callVendor({
    method: 'POST',
    url: `${vendorBase(conn.baseUrl, 'https://api.resend.com')}/emails`,
    headers: {
      authorization: `Bearer ${conn.apiKey}`,
      accept: 'application/json',
      'idempotency-key': ctx.idempotencyKey,
    },
    json: {
      from: conn.from,
      to,
      subject: config.subject,
      text: config.text,
      ...(config.html?.trim() ? { html: config.html } : {}),
      ...(replyTo ? { reply_to: replyTo } : {}),
    },
    signal: ctx.signal,
  });
  if (res.status >= 200 && res.status < 300 && typeof res.json?.id === 'string') return { id: res.json.id as string };
  throw resendError(res);
});

function resendError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const name = typeof e.name === 'string' ? e.name : '';
  const detail = e.message
    ? `: ${String(e.message).slice(0, 500)}${name ? ` (${name})` : ''}`
    : ` (HTTP ${res.status})`;
  if (res.status >= 200 && res.status < 300) return new StepError(`Resend answered without an email id${detail}`, true);
  // The first try with this key is still being processed: ask again shortly.
  if (res.status === 409 && name === 'concurrent_idempotent_requests')
    return new StepError(`Resend is still sending this email${detail}`, true, 1000);
  const what =
    res.status === 401 || res.status === 403
      ? 'Resend refused the API key'
      : res.status === 429
        ? name === 'daily_quota_exceeded'
          ? 'Resend’s daily sending quota is used up'
          : 'Resend is rate limiting this API key'
        : res.status >= 500
          ? 'Resend had trouble'
          : 'Resend refused the email';
  return statusStepError(res.status, res.headers, `${what}${detail}`);
}
