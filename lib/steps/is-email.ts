// Pragmatic address check (what HTML's <input type=email> accepts), used after
// templating by the CRM, email and filter steps. Values come from webhooks, so
// every check here bounds the length first and scans in linear time.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export const MAX_EMAIL_LENGTH = 254;

export const isEmail = (value: string) => value.length <= MAX_EMAIL_LENGTH && EMAIL.test(value);

/**
 * The address inside the first `<…>` of `Name <a@b.c>`, else the text itself —
 * what /<([^>]+)>/ finds, without its quadratic backtracking on text full of '<'.
 */
export function bareAddress(text: string): string {
  for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', open + 1)) {
    const close = text.indexOf('>', open + 1);
    if (close === -1) break;
    if (close > open + 1) return text.slice(open + 1, close);
    open = close;
  }
  return text;
}
