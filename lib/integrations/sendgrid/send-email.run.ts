import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { claimSend } from '../../steps/claim-send';
import { emailAddressList, nameAndAddress } from '../../steps/email-recipients';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { sendgridConnection } from './app';
import { sendgridSendEmail } from './send-email';

// SendGrid v3 Mail Send (twilio.com/docs/sendgrid/api-reference/mail-send/mail-send):
// POST /v3/mail/send, Authorization: Bearer SG.…, JSON {personalizations:
// [{to: [{email, name}]}], from: {email, name}, reply_to, subject, content:
// [{type: "text/plain", value}, {type: "text/html", value}], custom_args,
// headers}. 202 with an empty body and X-Message-Id. Errors are {errors:
// [{message, field, help}]} (…/how-to-use-the-sendgrid-v3-api/errors); 429
// carries X-RateLimit-Reset, the Unix time the window reopens
// (…/how-to-use-the-sendgrid-v3-api/rate-limits).
//
// SendGrid has no idempotency key. What keeps a retry from doubling: only
// answers that say nothing was accepted are retried (429, 5xx, no
// connection), the send claim is keyed by the run's idempotency key, and the
// key travels in custom_args and an X-Switchboard-Idempotency-Key header so
// a double shows in SendGrid's activity and event webhook. A lost 202 can
// still send twice; SendGrid offers no way to rule that out.

export const runSendgridSendEmail = defineRun(sendgridSendEmail, async (config, ctx) => {
  const to = emailAddressList(config.to, 'To');
  const replyTo = config.replyTo?.trim() ? emailAddressList(config.replyTo, 'Reply-to') : undefined;
  if (replyTo && replyTo.length > 1) throw new StepError('Reply-to: SendGrid takes one address', false);
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const conn = await connectionSettings(ctx, sendgridConnection, config.connection);
  const content = [{ type: 'text/plain', value: config.text }];
  if (config.html?.trim()) content.push({ type: 'text/html', value: config.html });
  const res = await callVendor({
    method: 'POST',
    url: `${vendorBase(conn.baseUrl, 'https://api.sendgrid.com')}/v3/mail/send`,
    headers: {
      authorization: `Bearer ${conn.apiKey}`,
      accept: 'application/json',
    },
    json: {
      personalizations: [{ to: to.map(nameAndAddress) }],
      from: nameAndAddress(conn.from),
      ...(replyTo ? { reply_to: nameAndAddress(replyTo[0]!) } : {}),
      subject: config.subject,
      content,
      custom_args: { switchboard_key: ctx.idempotencyKey },
      headers: { 'X-Switchboard-Idempotency-Key': ctx.idempotencyKey },
    },
    signal: ctx.signal,
  });
  if (res.status === 202 || res.status === 200) return { messageId: res.headers['x-message-id'] ?? null };
  throw sendgridError(res);
});

function sendgridError(res: VendorResponse): StepError {
  const errors: { message?: string; field?: string | null; help?: string | null }[] = Array.isArray(res.json?.errors)
    ? res.json.errors
    : [];
  const detail = errors.length
    ? `: ${errors
        .slice(0, 5)
        .map((e) => `${e.message ?? '?'}${e.field ? ` (${e.field})` : ''}${e.help ? ` — ${e.help}` : ''}`)
        .join('; ')
        .slice(0, 800)}`
    : ` (HTTP ${res.status})`;
  const what =
    res.status === 401
      ? 'SendGrid refused the API key'
      : res.status === 403
        ? 'SendGrid refused: the API key lacks Mail Send permission, or the From address is not a verified sender'
        : res.status === 429
          ? 'SendGrid is rate limiting this API key'
          : res.status >= 500
            ? 'SendGrid had trouble'
            : 'SendGrid refused the email';
  const err = statusStepError(res.status, res.headers, `${what}${detail}`);
  if (res.status === 429 && err.retryAfterMs === undefined) {
    const reset = Number(res.headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0)
      return new StepError(err.message, true, Math.max(1000, reset * 1000 - Date.now()));
  }
  return err;
}
