'use client';

import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authRequest } from './auth-request';

export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    setError(null);
    setEmailError(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? undefined : 'Enter a valid email address.');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return;
    setPending(true);
    // The answer is the same whether or not the account exists, so the page
    // cannot be used to find out who has one.
    const res = await authRequest('/request-password-reset', { email, redirectTo: '/reset-password' });
    setPending(false);
    if (res.ok) setSentTo(email);
    else if (res.field === 'email') setEmailError(res.message);
    else setError(res.message);
  }

  if (sentTo) {
    return (
      <Alert tone="success" title="Check your email">
        If an account exists for {sentTo}, we sent it a link to choose a new password. The link works for one hour.
      </Alert>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Email" error={emailError}>
        <Input name="email" type="email" autoComplete="email" autoFocus required />
      </Field>
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="submit" loading={pending} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
