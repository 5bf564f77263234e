import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for the three captcha vendors' siteverify APIs, speaking
// each as its documentation describes, and checking each request exactly as
// the vendor does:
// - Cloudflare Turnstile: POST /turnstile/v0/siteverify
//   (developers.cloudflare.com/turnstile/get-started/server-side-validation)
// - hCaptcha: POST /siteverify (docs.hcaptcha.com/#verify-the-user-response-server-side)
// - Google reCAPTCHA: POST /recaptcha/api/siteverify (developers.google.com/recaptcha/docs/verify)
// Each takes application/x-www-form-urlencoded `secret`, `response` and an
// optional `remoteip` (hCaptcha also an optional `sitekey`; Turnstile an
// optional `idempotency_key`) and answers JSON {success, "error-codes": [...],
// challenge_ts, hostname, ...}. A token passes once (single use); a second
// check of it fails with the vendor's duplicate code. The test registers the
// secret and the tokens it hands out.

export type Provider = 'turnstile' | 'hcaptcha' | 'recaptcha';

export const VERIFY_PATHS: Record<Provider, string> = {
  turnstile: '/turnstile/v0/siteverify',
  hcaptcha: '/siteverify',
  recaptcha: '/recaptcha/api/siteverify',
};

const ALLOWED_FIELDS: Record<Provider, string[]> = {
  turnstile: ['secret', 'response', 'remoteip', 'idempotency_key'],
  hcaptcha: ['secret', 'response', 'remoteip', 'sitekey'],
  recaptcha: ['secret', 'response', 'remoteip'],
};

const DUPLICATE: Record<Provider, string> = {
  turnstile: 'timeout-or-duplicate',
  hcaptcha: 'invalid-or-already-seen-response',
  recaptcha: 'timeout-or-duplicate',
};

export type VerifyCall = {
  provider: Provider;
  contentType: string;
  fields: Record<string, string>;
  problems: string[];
};

export async function startCaptchaVerifyServer() {
  const secrets = new Map<Provider, string>();
  /** token → score (reCAPTCHA v3 / hCaptcha Enterprise); a token passes once. */
  const tokens = new Map<string, { provider: Provider; score?: number }>();
  const used = new Set<string>();
  const calls: VerifyCall[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const provider = (Object.keys(VERIFY_PATHS) as Provider[]).find((p) => VERIFY_PATHS[p] === req.url);
      if (!provider) return res.writeHead(404).end();
      const contentType = String(req.headers['content-type'] ?? '');
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push(`method ${req.method}`);
      if (!contentType.startsWith('application/x-www-form-urlencoded')) problems.push(`content-type ${contentType}`);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const fields: Record<string, string> = {};
      for (const [k, v] of form) {
        if (k in fields) problems.push(`field ${k} sent twice`);
        if (!ALLOWED_FIELDS[provider].includes(k)) problems.push(`unknown field ${k}`);
        fields[k] = v;
      }
      calls.push({ provider, contentType, fields, problems });
      const reply = (body: Record<string, unknown>) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const fail = (...codes: string[]) => reply({ success: false, 'error-codes': codes });
      if (problems.length) return fail('bad-request');
      if (!fields.secret) return fail('missing-input-secret');
      if (fields.secret !== secrets.get(provider)) return fail('invalid-input-secret');
      if (!fields.response) return fail('missing-input-response');
      const token = tokens.get(fields.response);
      if (!token || token.provider !== provider) return fail('invalid-input-response');
      if (used.has(fields.response)) return fail(DUPLICATE[provider]);
      used.add(fields.response);
      const common = { success: true, challenge_ts: new Date().toISOString(), hostname: 'shop.example.test' };
      if (provider === 'turnstile') return reply({ ...common, 'error-codes': [], action: '', cdata: '' });
      if (provider === 'hcaptcha') return reply({ ...common, credit: false });
      return reply({ ...common, ...(token.score !== undefined ? { score: token.score, action: 'submit' } : {}) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    calls,
    /** The env a web process needs to send its checks here. */
    env: {
      CAPTCHA_VERIFY_URL_TURNSTILE: base + VERIFY_PATHS.turnstile,
      CAPTCHA_VERIFY_URL_HCAPTCHA: base + VERIFY_PATHS.hcaptcha,
      CAPTCHA_VERIFY_URL_RECAPTCHA: base + VERIFY_PATHS.recaptcha,
    },
    setSecret: (provider: Provider, secret: string) => secrets.set(provider, secret),
    /** A token a person's widget would have posted. */
    issueToken(provider: Provider, score?: number): string {
      const token = `${provider}.${Math.random().toString(36).slice(2)}.${Date.now()}`;
      tokens.set(token, { provider, score });
      return token;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
