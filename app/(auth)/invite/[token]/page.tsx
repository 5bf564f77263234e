import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { JoinWorkspace, SignOutToAccept } from '@/components/auth/join-workspace';
import { Alert } from '@/components/ui/alert';
import { LinkButton } from '@/components/ui/button';
import { getCurrentUser } from '@/lib/auth/current-user';
import { roleHint, roleLabel } from '@/lib/auth/roles';
import { roleIn } from '@/lib/auth/workspace';
import { INVALID_INVITE } from '@/lib/members/accept-invite';
import { inviteByToken, inviteStateMessage } from '@/lib/members/invites';

export const metadata: Metadata = { title: 'Join a workspace' };
export const dynamic = 'force-dynamic';

// Where an invite link lands: signed out, it offers sign-up (email filled in)
// or sign-in, each coming back here; signed in as the invited address, one
// button joins (POST /api/v1/invites/accept, which checks everything again).

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await inviteByToken(token);
  if (!invite) return <Problem text={INVALID_INVITE} />;
  if (invite.state !== 'valid') return <Problem text={inviteStateMessage[invite.state]} />;

  const here = `/invite/${encodeURIComponent(token)}`;
  const user = await getCurrentUser();
  const subtitle = (
    <>
      {invite.inviterName ?? 'A workspace owner'} invited <strong>{invite.email}</strong> to join{' '}
      <strong>{invite.workspaceName}</strong> as {roleLabel[invite.role].toLowerCase()} ({roleHint[invite.role]}).
    </>
  );
  if (!user) {
    const q = `next=${encodeURIComponent(here)}`;
    return (
      <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
        <div className="space-y-3">
          <LinkButton href={`/sign-up?${q}&email=${encodeURIComponent(invite.email)}`} className="w-full">
            Create an account
          </LinkButton>
          <LinkButton href={`/sign-in?${q}`} variant="secondary" className="w-full">
            I have an account: sign in
          </LinkButton>
        </div>
      </AuthCard>
    );
  }
  if (user.email.toLowerCase() !== invite.email) {
    return (
      <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
        <Alert tone="warning">
          You are signed in as {user.email}. This invite is for {invite.email}: sign out, then sign in or sign up as{' '}
          {invite.email}.
        </Alert>
        <div className="mt-3">
          <SignOutToAccept />
        </div>
      </AuthCard>
    );
  }
  if (await roleIn(user.id, invite.workspaceId)) {
    return <Problem text="You are already a member of this workspace." />;
  }
  return (
    <AuthCard title={`Join ${invite.workspaceName}`} subtitle={subtitle}>
      <JoinWorkspace token={token} workspaceName={invite.workspaceName} />
    </AuthCard>
  );
}

function Problem({ text }: { text: string }) {
  return (
    <AuthCard
      title="This invite cannot be used"
      footer={
        <Link href="/flows" className="font-medium text-brand-600 hover:text-brand-700">
          Go to Switchboard
        </Link>
      }
    >
      <Alert tone="error">{text}</Alert>
    </AuthCard>
  );
}
