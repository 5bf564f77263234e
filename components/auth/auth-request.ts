// Calls better-auth's endpoints under /api/auth from the browser and turns
// its answers into messages a person understands, tied to a field when the
// problem belongs to one.

export type AuthField = 'email' | 'password' | 'name' | 'newPassword';

export type AuthResult<T> =
  { ok: true; data: T } | { ok: false; status: number; code: string; message: string; field?: AuthField };

export const RATE_LIMITED_MESSAGE = 'Too many attempts, try again in a minute.';
export const DUPLICATE_EMAIL_MESSAGE = 'An account with this email already exists';

const messages: Record<string, { message: string; field?: AuthField }> = {
  INVALID_EMAIL_OR_PASSWORD: { message: 'Wrong email or password.' },
  USER_ALREADY_EXISTS: { message: DUPLICATE_EMAIL_MESSAGE, field: 'email' },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { message: DUPLICATE_EMAIL_MESSAGE, field: 'email' },
  INVALID_EMAIL: { message: 'Enter a valid email address.', field: 'email' },
  PASSWORD_TOO_SHORT: { message: 'Use at least 8 characters.', field: 'password' },
  PASSWORD_TOO_LONG: { message: 'Use at most 128 characters.', field: 'password' },
  INVALID_TOKEN: { message: 'This reset link is invalid or has expired. Ask for a new one.' },
};

export async function authRequest<T = unknown>(path: string, body: unknown): Promise<AuthResult<T>> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return {
      ok: false,
      status: 0,
      code: 'NETWORK',
      message: 'Could not reach Switchboard. Check your connection and try again.',
    };
  }
  const data = (await res.json().catch(() => ({}))) as { code?: string; message?: string } & T;
  if (res.ok) return { ok: true, data };
  if (res.status === 429) return { ok: false, status: 429, code: 'RATE_LIMITED', message: RATE_LIMITED_MESSAGE };
  const code = data.code ?? `HTTP_${res.status}`;
  const known = messages[code];
  return {
    ok: false,
    status: res.status,
    code,
    message: known?.message ?? data.message ?? 'Something went wrong. Try again.',
    field: known?.field,
  };
}
