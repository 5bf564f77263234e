import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { claimSend } from '../../steps/claim-send';
import { emailAddressList } from '../../steps/email-recipients';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { postmarkConnection } from './app';
import { postmarkSendEmail } from './send-email';

// Postmark Email API (postmarkapp.com/developer/api/email-api): POST /email
// with X-Postmark-Server-Token, JSON {From, To, Subject, TextBody, HtmlBody,
// ReplyTo, Tag, MessageStream}. 200 {To, SubmittedAt, MessageID, ErrorCode: 0,
// Message: "OK"}; errors are {ErrorCode, Message}: 401 bad token, 422 the
// message was refused (ErrorCode says why), 429 rate limited, 500 Postmark's
// trouble (postmarkapp.com/developer/api/overview#response-codes).
//
// Postmark has no idempotency key. What keeps a retry from doubling: only
// answers that say nothing was sent are retried (429, 5xx, no connection),
// the send claim (claimSend) is keyed by the run's idempotency key, and the
// key travels in an X-Switchboard-Idempotency-Key mail header and in
// Metadata so a double can be found in Postmark's activity. A lost 200 (the
// connection dropping after Postmark accepted) can still send twice; Postmark
// offers no way to rule that out.

export const runPostmarkSendEmail = defineRun(postmarkSendEmail, async (config, ctx) => {
  const to = emailAddressList(config.to, 'To');
  const replyTo = config.replyTo?.trim() ? emailAddressList(config.replyTo, 'Reply-to') : undefined;
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const conn = await connectionSettings(ctx, postmarkConnection, config.connection);
  const res = await callVendor({
    method: 'POST',
    url: `${vendorBase(conn.baseUrl, 'https://api.postmarkapp.com')}/email`,
    headers: {
      accept: 'application/json',
      'x-postmark-server-token': conn.serverToken,
    },
    json: {
      From: conn.from,
      To: to.join(', '),
      Subject: config.subject,
      TextBody: config.text,
      ...(config.html?.trim() ? { HtmlBody: config.html } : {}),
      ...(replyTo ? { ReplyTo: replyTo.join(', ') } : {}),
      ...(config.tag?.trim() ? { Tag: config.tag.trim().slice(0, 1000) } : {}),
      Headers: [{ Name: 'X-Switchboard-Idempotency-Key', Value: ctx.idempotencyKey }],
      Metadata: { switchboard_key: ctx.idempotencyKey },
      MessageStream: conn.messageStream?.trim() || 'outbound',
    },
    signal: ctx.signal,
  });
  if (res.status === 200 && res.json?.ErrorCode === 0 && res.json?.MessageID)
    return { messageId: String(res.json.MessageID), to: String(res.json.To ?? to.join(', ')) };
  throw postmarkError(res);
});

export function postmarkError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const detail =
    typeof e.Message === 'string'
      ? `: ${e.Message.slice(0, 500)}${e.ErrorCode !== undefined ? ` (error ${e.ErrorCode})` : ''}`
      : ` (HTTP ${res.status})`;
  if (res.status === 200) return new StepError(`Postmark answered without a message id${detail}`, true);
  const what =
    res.status === 401
      ? 'Postmark refused the server API token'
      : res.status === 429
        ? 'Postmark is rate limiting this server'
        : res.status >= 500
          ? 'Postmark had trouble'
          : 'Postmark refused the message';
  return statusStepError(res.status, res.headers, `${what}${detail}`);
}
