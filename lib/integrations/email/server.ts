import { guardedSmtpTransport, smtpSettingsOf } from '../../net/smtp-transport';
import { defineAppServer, defineCheck } from '../define-server';
import { emailApp, smtpConnection } from './app';
import { runEmailSend, smtpStepError } from './send.run';

export const emailServer = defineAppServer(emailApp, {
  runs: [runEmailSend],
  check: defineCheck(smtpConnection, async (s) => {
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
  }),
});
