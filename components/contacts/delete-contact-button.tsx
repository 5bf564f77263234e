'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useCan } from '@/components/auth/role-context';
import { api } from '@/lib/api/client';
import { Button } from '@/components/ui/button';

/** Deletes the contact (e.g. one a step test created) after the person confirms. */
export function DeleteContactButton({ id, email }: { id: string; email: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canEdit = useCan('editor');

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE /contacts/{id}', { params: { id } });
      router.push('/contacts');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  if (!canEdit) return null;
  if (!confirming)
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Delete contact
      </Button>
    );
  return (
    <div role="alertdialog" aria-label="Delete contact" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-700">Delete {email} and its timeline? Runs are kept.</span>
      <Button variant="danger" onClick={remove} loading={busy}>
        Delete
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)} disabled={busy}>
        Cancel
      </Button>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
