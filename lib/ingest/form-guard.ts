import { env } from '../env';
import { CAPTCHA_TOKEN_FIELD, type CaptchaConfig } from '../integrations/webhook/form-guard-schema';

// The trigger's guards for public forms, checked on the parsed body after the
// rate limit (a captcha needs the body, and costs a call to the provider that
// a flood must not be able to cause):
// - honeypot: a hidden field people leave empty. Filled in, the post is a
//   bot's: it is answered as if accepted (so the bot learns nothing), nothing
//   is stored or run, and the refusal is recorded with reason "honeypot".
// - captcha: the widget's token is verified server-side with the provider's
//   siteverify API (POST form-encoded secret, response, remoteip; JSON
//   {success, "error-codes"}) before the event is accepted. A missing or
//   rejected token answers 401 like any failed sender check; a provider that
//   cannot be reached answers 503, so the sender may try again.
// Flows with neither have formGuard null and pay nothing.

export type FormGuard = { honeypot: string | null; captcha: CaptchaConfig | null; captchaBroken: boolean };

export type FormVerdict =
  | { kind: 'pass'; body: unknown }
  | { kind: 'honeypot' }
  | { kind: 'refuse'; status: number; code: string; reason: string; headers?: Record<string, string> };

const VERIFY_TIMEOUT_MS = 10_000;
/** Longer tokens are not real (Turnstile documents 2048 characters as the most). */
const MAX_TOKEN_CHARS = 4096;

const asObject = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export async function checkFormGuard(guard: FormGuard, body: unknown, clientIp?: string): Promise<FormVerdict> {
  const fields = asObject(body);
  if (guard.honeypot && fields && filled(fields[guard.honeypot])) return { kind: 'honeypot' };
  if (guard.captchaBroken) {
    return refuse('The flow’s captcha check is not set up correctly, so no request can pass it.');
  }
  if (!guard.captcha) return { kind: 'pass', body };
  const field = CAPTCHA_TOKEN_FIELD[guard.captcha.provider];
  const token = fields?.[field];
  if (typeof token !== 'string' || token.trim() === '') return refuse(`The captcha answer (${field}) is missing.`);
  if (token.length > MAX_TOKEN_CHARS) return refuse(`The captcha answer (${field}) is not valid.`);
  const verdict = await siteverify(guard.captcha, token, clientIp ?? null);
  if (verdict) return verdict;
  // The token is single-use and means nothing later: not kept with the event.
  const rest = { ...fields };
  delete rest[field];
  return { kind: 'pass', body: rest };
}

function filled(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(filled);
  return true;
}

const refuse = (reason: string): FormVerdict => ({ kind: 'refuse', status: 401, code: 'captcha_failed', reason });

function verifyUrl(provider: CaptchaConfig['provider']): string {
  const e = env();
  if (provider === 'turnstile') return e.CAPTCHA_VERIFY_URL_TURNSTILE;
  if (provider === 'hcaptcha') return e.CAPTCHA_VERIFY_URL_HCAPTCHA;
  return e.CAPTCHA_VERIFY_URL_RECAPTCHA;
}

type Siteverify = { success?: unknown; 'error-codes'?: unknown; score?: unknown };

/** Null when the provider says a person solved it; else the refusal. */
// A siteverify answer is a few hundred bytes; anything far larger is not one.
const MAX_ANSWER_BYTES = 64 * 1024;

async function boundedText(res: Response, max: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let r = await reader?.read(); reader && r && !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`answer larger than ${max} bytes`);
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function siteverify(c: CaptchaConfig, token: string, remoteIp: string | null): Promise<FormVerdict | null> {
  const form = new URLSearchParams({ secret: c.secret, response: token });
  if (remoteIp) form.set('remoteip', remoteIp);
  const unavailable = (why: string): FormVerdict => ({
    kind: 'refuse',
    status: 503,
    code: 'captcha_unavailable',
    reason: `The captcha could not be checked (${why}); nothing was stored. Retry shortly.`,
    headers: { 'retry-after': '5' },
  });
  let answer: Siteverify;
  try {
    // The URL is the provider's (or the operator's, from the environment), never the user's.
    const res = await fetch(verifyUrl(c.provider), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    if (!res.ok) return unavailable(`the ${c.provider} check answered HTTP ${res.status}`);
    answer = JSON.parse(await boundedText(res, MAX_ANSWER_BYTES)) as Siteverify;
  } catch (err) {
    return unavailable(`${c.provider} did not answer: ${(err as Error).message}`);
  }
  if (answer?.success !== true) {
    const codes = Array.isArray(answer?.['error-codes'])
      ? answer['error-codes'].slice(0, 5).map((c) => String(c).slice(0, 64))
      : [];
    return refuse(`The captcha check failed${codes.length ? ` (${codes.join(', ')})` : ''}.`);
  }
  if (c.minScore !== undefined && typeof answer.score === 'number' && answer.score < c.minScore) {
    return refuse(`The captcha score ${answer.score} is below ${c.minScore}.`);
  }
  return null;
}
