import MailComposer from 'nodemailer/lib/mail-composer';
import { nameAndAddress } from '../../steps/email-recipients';

// The RFC 5322 message Gmail's messages.send takes, built by nodemailer's
// MailComposer (the library the SMTP step sends with), never by hand: it
// encodes non-ASCII names and subjects as encoded words, folds long lines and
// turns CR/LF inside a header value into spaces, so a subject or a name taken
// from an event cannot add a header (a Bcc) of its own. Addresses are passed
// as {name, address} after our own checks, so a name cannot smuggle in a
// second address either.

export type MimeInput = {
  to: string[];
  replyTo?: string[];
  subject: string;
  text: string;
  html?: string;
  /** `<id@domain>`: the same on every try of one step, so receivers can tell a double. */
  messageId: string;
  headers: Record<string, string>;
};

const addressOf = (entry: string) => {
  const { email, name } = nameAndAddress(entry);
  const clean = name?.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean ? { name: clean, address: email } : { name: '', address: email };
};

export async function mimeMessage(m: MimeInput): Promise<Buffer> {
  return new MailComposer({
    to: m.to.map(addressOf),
    ...(m.replyTo?.length ? { replyTo: m.replyTo.map(addressOf) } : {}),
    subject: m.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    messageId: m.messageId,
    headers: m.headers,
  })
    .compile()
    .build();
}

/** base64url without padding (RFC 4648 §5), as the Gmail API's `raw` field takes it. */
export const base64url = (b: Buffer) => b.toString('base64url');
