'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { api, errorText } from '@/lib/api/client';

/** The invite page's Join button: accepts through the API, then opens the workspace's flows. */
export function JoinWorkspace({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    try {
      await api('POST /invites/accept', { body: { token } });
      router.replace('/flows');
      router.refresh();
    } catch (err) {
      setPending(false);
      setError(errorText(err, 'Could not reach Switchboard. Try again.'));
    }
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
