import { SMTPServer } from 'smtp-server';
import { freePort, waitFor } from './ports';

// A real SMTP server on a free local port that keeps every message it gets,
// for tests of mail the app sends (password reset, alerts).

export type CaughtMail = { from: string; to: string[]; raw: string; subject: string; text: string };

/** Decodes a quoted-printable body (nodemailer uses it for long lines). */
export function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Decodes RFC 2047 encoded words (nodemailer encodes subjects with quotes or non-ASCII). */
export function decodeEncodedWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function parse(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const qp = /quoted-printable/i.test(header('Content-Transfer-Encoding'));
  const b64 = /base64/i.test(header('Content-Transfer-Encoding'));
  const text = qp ? decodeQuotedPrintable(body) : b64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { subject: decodeEncodedWords(header('Subject')), text };
}

/**
 * `port`: a fixed one (e.g. to bring SMTP up where a worker already points); default a free one.
 * `login`: require this user name and password (AUTH PLAIN/LOGIN without TLS, as on a test box).
 * `refuseSenders`: answer MAIL FROM with 553 for these addresses, like a server that only
 * lets its own domains send.
 */
export async function startMailCatcher(
  port?: number,
  opts: { login?: { user: string; pass: string }; refuseSenders?: string[] } = {},
) {
  const messages: CaughtMail[] = [];
  const mailFroms: string[] = [];
  const server = new SMTPServer({
    authOptional: !opts.login,
    allowInsecureAuth: true,
    disabledCommands: opts.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (opts.login && auth.username === opts.login.user && auth.password === opts.login.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid user name or password'), { responseCode: 535 }));
    },
    onMailFrom(address, _session, callback) {
      mailFroms.push(address.address);
      if (opts.refuseSenders?.includes(address.address.toLowerCase()))
        return callback(
          Object.assign(new Error(`<${address.address}>: Sender address rejected: not owned by user`), {
            responseCode: 553,
          }),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parse(raw),
        });
        callback();
      });
    },
  });
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}`,
    messages,
    /** Every MAIL FROM address offered, accepted or not (a check offers one and sends nothing). */
    mailFroms,
    /** The first message to `to` (waits up to 20 s). */
    waitForMail(to: string): Promise<CaughtMail> {
      return waitFor(async () => messages.find((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to)), {
        timeoutMs: 20_000,
        what: `mail to ${to}`,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
