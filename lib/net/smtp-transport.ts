import nodemailer from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
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

/**
 * "Check connection" for SMTP: connects and signs in as a send would, then
 * offers the sender (`MAIL FROM:<from>`) and takes it back with `RSET`, so a
 * server that refuses the From address says so here instead of at the first
 * send. Nothing is sent. Throws the server's refusal (nodemailer's error,
 * with `response` and `responseCode`).
 */
export async function checkSmtpSender(s: SmtpSettings, from: string, policy: OutboundPolicy = outboundPolicy()) {
  const ip = await resolveAllowed(s.host, s.port, policy);
  const servername = s.host.replace(/^\[|\]$/g, '');
  const conn = new SMTPConnection({
    host: ip,
    port: s.port,
    secure: !!s.secure,
    requireTLS: !!s.starttls,
    servername,
    tls: { servername },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as SMTPConnection.Options);
  // nodemailer has no public "send one command": its connection reads each
  // answer with the next function in `_responseActions` (as its own commands do).
  const raw = conn as unknown as { _responseActions: ((str: string) => void)[]; _sendCommand(cmd: string): void };
  const command = (cmd: string) =>
    new Promise<string>((resolve) => {
      raw._responseActions.push(resolve);
      raw._sendCommand(cmd);
    });
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => resolve());
    });
    if (s.user) {
      await new Promise<void>((resolve, reject) =>
        conn.login({ user: s.user!, pass: s.pass ?? '' }, (err) => (err ? reject(err) : resolve())),
      );
    }
    const answer = await command(`MAIL FROM:<${from}>`);
    if (!/^2/.test(answer)) {
      throw Object.assign(new Error(`The server refused the sender ${from}: ${answer.trim()}`), {
        code: 'EENVELOPE',
        command: 'MAIL FROM',
        response: answer.trim(),
        responseCode: Number(answer.slice(0, 3)),
      });
    }
    await command('RSET');
  } finally {
    conn.quit();
  }
}
