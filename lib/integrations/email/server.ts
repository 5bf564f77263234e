import { checkSmtpSender, smtpSettingsOf } from '../../net/smtp-transport';
import { bareAddress, isEmail } from '../../steps/is-email';
import { defineAppServer, defineCheck } from '../define-server';
import { emailApp, smtpConnection } from './app';
import { runEmailSend, smtpStepError } from './send.run';

export const emailServer = defineAppServer(emailApp, {
  runs: [runEmailSend],
  // As a send would: the From must be an address, and the server must take it
  // as the sender (MAIL FROM, then RSET; nothing is sent).
  check: defineCheck(smtpConnection, async (s) => {
    const from = bareAddress(String(s.from ?? '')).trim();
    if (!isEmail(from)) return { ok: false, message: `The From address "${s.from}" is not a valid email address.` };
    try {
      await checkSmtpSender(smtpSettingsOf(s), from);
      return {
        ok: true,
        message: `Connected to ${s.host}:${s.port}${s.user ? ' and signed in' : ''}; the server accepts ${from} as the sender.`,
      };
    } catch (err) {
      const e = err as { command?: string; response?: string };
      if (e.command === 'MAIL FROM')
        return { ok: false, message: `The server refused the sender ${from}: ${e.response}` };
      return { ok: false, message: smtpStepError(err, s.host).message };
    }
  }),
});
