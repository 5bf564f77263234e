import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { outboundPolicy, type OutboundPolicy } from './address-policy';
import { resolveAllowed } from './guarded-lookup';

// SMTP under the same address policy as HTTP: the host is resolved and checked
// here, and nodemailer connects to that exact IP (no second lookup that DNS
// rebinding could change), with the hostname kept for TLS (SNI and the
// certificate check).

export type SmtpSettings = {
  host: string;
  port: number;
  secure?: boolean;
  starttls?: boolean;
  user?: string;
  pass?: string;
};

/** The SMTP settings of a decrypted `smtp` connection (config and secret merged). */
export const smtpSettingsOf = (c: Record<string, any>): SmtpSettings => ({
  host: c.host,
  port: Number(c.port),
  secure: c.secure,
  starttls: c.starttls,
  user: c.user,
  pass: c.pass,
});

export async function guardedSmtpTransport(s: SmtpSettings, policy: OutboundPolicy = outboundPolicy()) {
  const ip = await resolveAllowed(s.host, s.port, policy);
  const servername = s.host.replace(/^\[|\]$/g, '');
  return nodemailer.createTransport({
    host: ip,
    port: s.port,
    secure: !!s.secure,
    requireTLS: !!s.starttls,
    servername,
    tls: { servername },
    auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as SMTPTransport.Options);
}
