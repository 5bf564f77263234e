import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { safeNext } from '@/components/auth/safe-next';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Create your account' };
export const dynamic = 'force-dynamic';

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; email?: string | string[] }>;
}) {
  if (await getCurrentUser()) redirect('/flows');
  const { next, email } = await searchParams;
  const target = safeNext(next);
  return (
    <AuthCard
      title="Create your account"
      subtitle="Connect your forms, shop and CRM in minutes."
      footer={
        <>
          Already have an account?{' '}
          <Link
            href={next ? `/sign-in?next=${encodeURIComponent(target)}` : '/sign-in'}
            className="font-medium text-brand-600 hover:text-brand-700"
          >
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm next={target} email={typeof email === 'string' ? email : undefined} />
    </AuthCard>
  );
}
