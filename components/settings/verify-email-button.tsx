'use client';

import { useState } from 'react';

// Asks better-auth to mail the confirmation link again (rate limited there).
export function VerifyEmailButton({ email }: { email: string }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  if (state === 'sent') return <span className="text-slate-600">Sent: check your inbox.</span>;
  return (
    <button
      type="button"
      className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 disabled:opacity-60"
      disabled={state === 'sending'}
      onClick={async () => {
        setState('sending');
        const res = await fetch('/api/auth/send-verification-email', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, callbackURL: '/settings' }),
        }).catch(() => null);
        setState(res?.ok ? 'sent' : 'failed');
      }}
    >
      {state === 'failed' ? 'Could not send; try again' : 'Send the link again'}
    </button>
  );
}
