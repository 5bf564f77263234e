import { bareAddress, isEmail } from './is-email';
import { StepError } from './types';

// Recipient lists of the email API steps (Postmark, Resend, SendGrid), checked
// after templating as email.send checks its own: "a@b.c, Ada <ada@b.c>".

/** Far more than any list of real addresses; longer text is refused before it is parsed. */
const MAX_ADDRESS_LIST = 10_000;

export function emailAddressList(value: string, label: string): string[] {
  if (value.length > MAX_ADDRESS_LIST)
    throw new StepError(`${label} is ${value.length} characters long, more than a list of addresses can be`, false);
  const list = value
    .split(/[,;]/)
    .map((a) => a.trim())
    .filter(Boolean);
  if (!list.length) throw new StepError(`${label} is empty`, false);
  for (const a of list) {
    if (!isEmail(bareAddress(a).trim()))
      throw new StepError(`${label}: "${a.slice(0, 200)}" is not a valid email address`, false);
  }
  return list;
}

/** "Ada <ada@b.c>" → { email, name }; a bare address → { email }. */
export function nameAndAddress(entry: string): { email: string; name?: string } {
  const email = bareAddress(entry).trim();
  if (email === entry.trim()) return { email };
  const name = entry
    .slice(0, entry.indexOf('<'))
    .trim()
    .replace(/^"(.*)"$/, '$1');
  return name ? { email, name } : { email };
}
