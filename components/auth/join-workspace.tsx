'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** The invite page's Join button: accepts through the API, then opens the workspace's flows. */
export function JoinWorkspace({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    const res = await fetch('/api/v1/invites/accept', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }).catch(() => null);
    if (res?.ok) {
      router.replace('/flows');
      router.refresh();
      return;
    }
    setPending(false);
    const data = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null;
    setError(data?.error?.message ?? 'Could not reach Switchboard. Try again.');
  }

  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button onClick={join} loading={pending} className="w-full">
        Join {workspaceName}
      </Button>
    </div>
  );
}

/** On an invite for another address: signs out and shows the invite again, signed out. */
export function SignOutToAccept() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="w-full"
      loading={pending}
      onClick={async () => {
        setPending(true);
        await fetch('/api/auth/sign-out', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
          credentials: 'same-origin',
        }).catch(() => null);
        router.refresh();
      }}
    >
      Sign out
    </Button>
  );
}
