import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '../env';
import { logger } from '../log';

// The instance's own mail (password reset, failure alerts) goes through SMTP_URL.
// Without it, the message is written to the server log so a self-hoster can
// still reset a password.

export type InstanceMail = { to: string; subject: string; text: string };

let transport: Transporter | undefined;

/** Whether the instance can send mail at all; without SMTP_URL its mail goes to the log (Settings says so). */
export const instanceMailConfigured = () => !!env().SMTP_URL;

/** Sends through SMTP_URL and answers true; without SMTP_URL writes the mail to the log and answers false. */
export async function sendInstanceMail(mail: InstanceMail): Promise<boolean> {
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) {
    logger.warn({ to: mail.to, subject: mail.subject }, `SMTP_URL is not set; mail not sent:\n${mail.text}`);
    return false;
  }
  transport ??= nodemailer.createTransport(smtpUrl);
  const from = new URL(smtpUrl).searchParams.get('from') ?? `Switchboard <no-reply@${new URL(env().APP_URL).hostname}>`;
  await transport.sendMail({ from, ...mail });
  return true;
}
