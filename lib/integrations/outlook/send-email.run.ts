import type { VendorResponse } from '../../steps/call-vendor';
import { callWithAccount } from '../../steps/call-with-account';
import { claimSend } from '../../steps/claim-send';
import { emailAddressList, nameAndAddress } from '../../steps/email-recipients';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { defineRun } from '../define-server';
import { outlookSendEmail } from './send-email';

// Microsoft Graph user: sendMail (learn.microsoft.com/graph/api/user-sendmail):
// POST https://graph.microsoft.com/v1.0/me/sendMail, delegated permission
// Mail.Send, JSON {message: {subject, body: {contentType, content},
// toRecipients: [{emailAddress: {address, name?}}], replyTo?,
// internetMessageHeaders?}, saveToSentItems}. 202 Accepted with no body.
// Errors are {error: {code, message}} (learn.microsoft.com/graph/errors); 429
// and 503 come with Retry-After (learn.microsoft.com/graph/throttling), which
// the retry waits for.
//
// Graph has no idempotency key for sendMail. As with the other email steps:
// the engine never runs a succeeded step again; the send claim (claimSend) is
// keyed by the run's idempotency key, so a retry finds its own; only answers
// that say nothing was sent are retried (429, 5xx, no connection; a 401 is
// refreshed once and sent again); and the key travels as an
// X-Switchboard-Idempotency-Key header (internetMessageHeaders takes custom
// x- headers), so a double can be found. A 202 lost on the way back can still
// send twice: Graph offers no way to rule that out.

export const runOutlookSendEmail = defineRun(outlookSendEmail, async (config, ctx) => {
  const to = emailAddressList(config.to, 'To');
  const replyTo = config.replyTo?.trim() ? emailAddressList(config.replyTo, 'Reply-to') : undefined;
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const res = await callWithAccount(
    ctx,
    { id: config.connection, type: 'microsoft' },
    {
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/me/sendMail',
      json: {
        message: {
          subject: config.subject,
          body: { contentType: config.bodyType === 'html' ? 'HTML' : 'Text', content: config.body },
          toRecipients: to.map(recipient),
          ...(replyTo ? { replyTo: replyTo.map(recipient) } : {}),
          internetMessageHeaders: [{ name: 'X-Switchboard-Idempotency-Key', value: ctx.idempotencyKey }],
        },
        saveToSentItems: config.saveToSentItems,
      },
    },
  );
  if (res.status === 202)
    return {
      accepted: true,
      to: to.join(', '),
      ...(res.headers['request-id'] ? { requestId: res.headers['request-id'] } : {}),
    };
  throw graphError(res);
});

const recipient = (entry: string) => {
  const { email, name } = nameAndAddress(entry);
  return { emailAddress: name ? { address: email, name } : { address: email } };
};

export function graphError(res: VendorResponse): StepError {
  const e = res.json?.error;
  const detail =
    typeof e?.message === 'string'
      ? `: ${e.message.slice(0, 500)}${typeof e.code === 'string' ? ` (${e.code})` : ''}`
      : ` (HTTP ${res.status})`;
  if (res.status < 300) return new StepError(`Microsoft Graph answered ${res.status} instead of 202 Accepted`, false);
  const what =
    res.status === 401
      ? 'Microsoft refused the account’s access token'
      : res.status === 403
        ? 'Microsoft refused access (does the account have a mailbox, and was Mail.Send granted when connecting?)'
        : res.status === 429
          ? 'Microsoft is throttling this account'
          : res.status >= 500
            ? 'Microsoft Graph had trouble'
            : 'Microsoft Graph refused the message';
  return statusStepError(res.status, res.headers, `${what}${detail}`);
}
