import { createHash } from 'node:crypto';
import { BlockedAddressError } from '../../net/guarded-lookup';
import { guardedSmtpTransport, smtpSettingsOf } from '../../net/smtp-transport';
import { bareAddress, isEmail } from '../../steps/is-email';
import { claimSend } from '../../steps/claim-send';
import { StepError } from '../../steps/types';
import { emailSend } from './send';
import { connectionSettings, defineRun } from '../define-server';
import { smtpConnection } from './app';

// Sends one email over the connection's SMTP server. SMTP 4xx (try later) is
// retried, 5xx (refused) is not. The Message-ID comes from the idempotency
// key, so a resend after a crash carries the same id and receivers can tell.

export const runEmailSend = defineRun(emailSend, async (config, ctx) => {
  const to = addressList(config.to, 'To');
  const replyTo = config.replyTo?.trim() ? addressList(config.replyTo, 'Reply-to') : undefined;
  const skip = await claimSend(ctx, 'email', to, config.sendLimit);
  if (skip) return skip;
  const s = await connectionSettings(ctx, smtpConnection, config.connection);
  const from = String(s.from ?? '');
  const fromAddress = bareAddress(from);
  if (!isEmail(fromAddress.trim()))
    throw new StepError(`The connection's From address "${from}" is not a valid email address`, false);

  let transport;
  try {
    transport = await guardedSmtpTransport(smtpSettingsOf(s));
  } catch (err) {
    throw smtpStepError(err, s.host);
  }
  const onAbort = () => transport.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const domain = fromAddress.split('@')[1] ?? 'switchboard.local';
    const info = await transport.sendMail({
      from,
      to,
      replyTo,
      subject: config.subject,
      text: config.text,
      html: config.html?.trim() ? config.html : undefined,
      messageId: `<${createHash('sha256').update(ctx.idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`,
      headers: { 'X-Switchboard-Idempotency-Key': ctx.idempotencyKey },
    });
    return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
  } catch (err) {
    if (ctx.signal.aborted) throw new StepError(`No answer from the SMTP server ${s.host} in time`, true);
    throw smtpStepError(err, s.host);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
});

/** Far more than any list of real addresses; longer text is refused before it is parsed. */
const MAX_ADDRESS_LIST = 10_000;

function addressList(value: string, label: string): string[] {
  if (value.length > MAX_ADDRESS_LIST)
    throw new StepError(`${label} is ${value.length} characters long, more than a list of addresses can be`, false);
  const list = value
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter(Boolean);
  if (!list.length) throw new StepError(`${label} is empty`, false);
  for (const a of list) {
    const bare = bareAddress(a);
    if (!isEmail(bare.trim()))
      throw new StepError(`${label}: "${a.slice(0, 200)}" is not a valid email address`, false);
  }
  return list;
}

export function smtpStepError(err: unknown, host: string): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof BlockedAddressError) return new StepError(err.message, false);
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = (e.response ?? e.message ?? '').slice(0, 300);
  if (e.responseCode) {
    if (e.responseCode >= 400 && e.responseCode < 500)
      return new StepError(`The SMTP server asked to try later: ${reply}`, true);
    if (e.code === 'EAUTH') return new StepError(`The SMTP server refused the user name or password: ${reply}`, false);
    return new StepError(`The SMTP server refused the message: ${reply}`, false);
  }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return new StepError(`The SMTP server refused the login: ${reply}`, false);
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS')
    return new StepError(`Secure connection to ${host} failed: ${reply}`, false);
  return new StepError(`Could not reach the SMTP server ${host}: ${reply}`, true);
}
