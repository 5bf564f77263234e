'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authRequest, DUPLICATE_EMAIL_MESSAGE } from './auth-request';

type FieldErrors = { name?: string; email?: string; password?: string };

/** `next`: where to go after sign-up (already made safe by safeNext); `email`: filled in (from an invite). */
export function SignUpForm({ next = '/flows', email: presetEmail }: { next?: string; email?: string } = {}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const errs: FieldErrors = {};
    if (!name) errs.name = 'Enter your name.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errs.email = 'Enter a valid email address.';
    if (password.length < 8) errs.password = 'Use at least 8 characters.';
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;

    setPending(true);
    const res = await authRequest('/sign-up/email', { name, email, password });
    if (res.ok) {
      router.replace(next);
      router.refresh();
      return;
    }
    setPending(false);
    if (res.field === 'name' || res.field === 'email' || res.field === 'password')
      setFieldErrors({ [res.field]: res.message });
    else setError(res.message);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Name" error={fieldErrors.name}>
        <Input name="name" autoComplete="name" autoFocus required />
      </Field>
      <Field
        label="Email"
        error={
          fieldErrors.email === DUPLICATE_EMAIL_MESSAGE ? (
            <span>
              {DUPLICATE_EMAIL_MESSAGE}.{' '}
              <Link href="/sign-in" className="underline">
                Sign in instead
              </Link>
            </span>
          ) : (
            fieldErrors.email
          )
        }
      >
        <Input name="email" type="email" autoComplete="email" required defaultValue={presetEmail} />
      </Field>
      <Field label="Password" hint="At least 8 characters." error={fieldErrors.password}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="submit" loading={pending} className="w-full">
        Create account
      </Button>
      <p className="text-center text-xs text-slate-500">A workspace is created for you.</p>
    </form>
  );
}
