import { createHash } from 'node:crypto';
import { callWithAccount } from '../../steps/call-with-account';
import { claimSend } from '../../steps/claim-send';
import { emailAddressList } from '../../steps/email-recipients';
import { googleStepError } from '../../steps/google-api-error';
import { isRetryableStatus } from '../../steps/types';
import { defineRun } from '../define-server';
import { base64url, mimeMessage } from './mime-message';
import { gmailSendEmail } from './send-email';

// users.messages.send (developers.google.com/gmail/api/reference/rest/v1/users.messages/send,
// guide: developers.google.com/gmail/api/guides/sending):
// POST https://gmail.googleapis.com/gmail/v1/users/me/messages/send with
// {raw: base64url(RFC 5322 message)}, scope https://www.googleapis.com/auth/gmail.send.
// 200 is the sent Message {id, threadId, labelIds}; errors are Google's
// {error: {code, message, status}} — 429 or 403 rateLimitExceeded /
// userRateLimitExceeded for quotas (developers.google.com/gmail/api/reference/quota).
// Gmail sets From to the account itself.
//
// Gmail has no idempotency key. What keeps a retry from doubling is what
// keeps the other email steps from doubling: the engine runs a step that
// succeeded never again; the send claim (claimSend) is keyed by the run's
// idempotency key, so a retry finds its own; only answers that say nothing
// was sent are retried (429 and rate-limit 403s, 5xx, no connection; a 401
// is refreshed once and sent again, which the 401 says is safe); and the key
// travels in an X-Switchboard-Idempotency-Key header, and the Message-ID is
// made from it (as the SMTP step does), so every try of one step carries the
// same id: receivers that collapse equal Message-IDs (Gmail does) show a
// double once, and it can be found in the Sent folder. A 200 lost on the way back can still send twice:
// Gmail offers no way to rule that out.

export const runGmailSendEmail = defineRun(gmailSendEmail, async (config, ctx) => {
  const to = emailAddressList(config.to, 'To');
  const replyTo = config.replyTo?.trim() ? emailAddressList(config.replyTo, 'Reply-to') : undefined;
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const raw = base64url(
    await mimeMessage({
      to,
      replyTo,
      subject: config.subject,
      text: config.text,
      html: config.html?.trim() ? config.html : undefined,
      messageId: `<${createHash('sha256').update(ctx.idempotencyKey).digest('hex').slice(0, 32)}@switchboard.local>`,
      headers: { 'X-Switchboard-Idempotency-Key': ctx.idempotencyKey },
    }),
  );
  const res = await callWithAccount(
    ctx,
    { id: config.connection, type: 'google' },
    { method: 'POST', url: 'https://gmail.googleapis.com/gmail/v1/users/me/messages/send', json: { raw } },
  );
  if (res.status === 200 && typeof res.json?.id === 'string')
    return {
      messageId: res.json.id as string,
      threadId: String(res.json.threadId ?? ''),
      to: to.join(', '),
    };
  throw googleStepError(res, 'Gmail', isRetryableStatus);
});
