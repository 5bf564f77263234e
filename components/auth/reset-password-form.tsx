'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authRequest } from './auth-request';

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; confirm?: string }>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    const confirm = String(form.get('confirm') ?? '');
    const errs: typeof fieldErrors = {};
    if (password.length < 8) errs.password = 'Use at least 8 characters.';
    else if (password !== confirm) errs.confirm = 'The two passwords differ.';
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;

    setPending(true);
    const res = await authRequest('/reset-password', { token, newPassword: password });
    if (res.ok) {
      router.replace('/sign-in?reset=1');
      return;
    }
    setPending(false);
    if (res.field === 'password' || res.field === 'newPassword') setFieldErrors({ password: res.message });
    else setError(res.message);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="New password" hint="At least 8 characters." error={fieldErrors.password}>
        <Input name="password" type="password" autoComplete="new-password" autoFocus required minLength={8} />
      </Field>
      <Field label="Repeat new password" error={fieldErrors.confirm}>
        <Input name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      {error && (
        <Alert tone="error">
          {error}{' '}
          {error.includes('reset link') && (
            <Link href="/forgot-password" className="font-medium underline">
              Get a new link
            </Link>
          )}
        </Alert>
      )}
      <Button type="submit" loading={pending} className="w-full">
        Set new password
      </Button>
    </form>
  );
}
