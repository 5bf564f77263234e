'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authRequest } from './auth-request';
import { safeNext } from './safe-next';

export function SignInForm({ next, notice }: { next?: string; notice?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const errs: typeof fieldErrors = {};
    if (!email) errs.email = 'Enter your email address.';
    if (!password) errs.password = 'Enter your password.';
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;

    setPending(true);
    const res = await authRequest('/sign-in/email', { email, password });
    if (res.ok) {
      router.replace(safeNext(next));
      router.refresh();
      return;
    }
    setPending(false);
    if (res.field === 'email' || res.field === 'password') setFieldErrors({ [res.field]: res.message });
    else setError(res.message);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-describedby={error ? 'sign-in-error' : undefined}>
      {notice && !error && <Alert tone="success">{notice}</Alert>}
      <Field label="Email" error={fieldErrors.email}>
        <Input name="email" type="email" autoComplete="email" autoFocus required />
      </Field>
      <Field
        label="Password"
        error={fieldErrors.password}
        aside={
          <Link href="/forgot-password" className="text-xs font-medium text-brand-600 hover:text-brand-700">
            Forgot password?
          </Link>
        }
      >
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error && (
        <Alert tone="error" id="sign-in-error">
          {error}
        </Alert>
      )}
      <Button type="submit" loading={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
