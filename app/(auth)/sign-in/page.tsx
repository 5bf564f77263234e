import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { safeNext } from '@/components/auth/safe-next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; reset?: string }>;
}) {
  if (await getCurrentUser()) redirect('/flows');
  const { next, reset } = await searchParams;
  return (
    <AuthCard
      title="Sign in to Switchboard"
      footer={
        <>
          New here?{' '}
          <Link href="/sign-up" className="font-medium text-brand-600 hover:text-brand-700">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm
        next={safeNext(next)}
        notice={reset ? 'Your password was changed. Sign in with the new one.' : undefined}
      />
    </AuthCard>
  );
}
