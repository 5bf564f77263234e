import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { Alert } from '@/components/ui/alert';
import { LinkButton } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Choose a new password' };
export const dynamic = 'force-dynamic';

// The emailed link goes through /api/auth/reset-password/<token>, which checks
// the token and sends the browser here with ?token=… or ?error=INVALID_TOKEN.
export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; error?: string }>;
}) {
  const { token, error } = await searchParams;
  const usable = token && !error;
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700">
          Back to sign in
        </Link>
      }
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <div className="space-y-4">
          <Alert tone="error" title="This reset link is invalid or has expired">
            Links work once, for one hour. Ask for a new one.
          </Alert>
          <LinkButton href="/forgot-password" className="w-full">
            Get a new link
          </LinkButton>
        </div>
      )}
    </AuthCard>
  );
}
