// A step's input as stored and shown (GET /runs/{id}, the run page, the
// editor's test run) never holds a credential typed into the step itself:
// inline `auth` secrets, secret-looking headers and query parameters, and a
// password in the URL are replaced by a marker. The step still runs with the
// real values; only what is kept and shown is masked. Connections keep their
// secrets encrypted and never reach the input at all.

export const MASK = '[redacted]';

/** Header and query names whose values are credentials (X-Api-Key, Authorization, access_token, ...). */
const SECRET_NAME =
  /^(authorization|proxy-authorization|cookie|key|sig)$|api[-_]?key|apikey|token|secret|passw|pwd|signature|session|credential|private[-_]?key|access[-_]?key|^x-auth/i;

/** The fields of inline auth that are secret, by auth type. */
const AUTH_SECRETS = ['token', 'password', 'value'];

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export const isSecretName = (name: string) => SECRET_NAME.test(name);

export function maskStepInput(input: unknown): unknown {
  if (!isObject(input)) return input;
  let out: Record<string, unknown> | null = null;
  const set = (k: string, v: unknown) => {
    out ??= { ...input };
    out[k] = v;
  };
  if (isObject(input.auth)) {
    const auth = { ...input.auth };
    for (const k of AUTH_SECRETS) if (k in auth && auth[k] !== '') auth[k] = MASK;
    set('auth', auth);
  }
  for (const field of ['headers', 'query']) {
    const map = input[field];
    if (!isObject(map)) continue;
    if (!Object.keys(map).some(isSecretName)) continue;
    set(field, Object.fromEntries(Object.entries(map).map(([k, v]) => [k, isSecretName(k) ? MASK : v])));
  }
  if (typeof input.url === 'string' && input.url.includes('@')) {
    const masked = maskUrlPassword(input.url);
    if (masked !== input.url) set('url', masked);
  }
  return out ?? input;
}

function maskUrlPassword(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.password) return raw;
    url.password = 'redacted';
    return url.href;
  } catch {
    return raw;
  }
}
