'use client';

import { useCan } from '@/components/auth/role-context';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api/client';
import { Button } from '@/components/ui/button';

/** "Check now" and "Run the baseline items" on the flow page. */
export function BackupCheckActions({ flowId, baselineNotRun }: { flowId: string; baselineNotRun: number }) {
  const canEdit = useCan('editor');
  const router = useRouter();
  const [busy, setBusy] = useState<'poll' | 'backfill' | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function run(kind: 'poll' | 'backfill') {
    setBusy(kind);
    setMessage(null);
    try {
      if (kind === 'poll') {
        await api('POST /flows/{id}/backup-check/poll', { params: { id: flowId } });
        setMessage('Check queued; this page updates when it has run.');
        setTimeout(() => router.refresh(), 3000);
      } else {
        const r = await api('POST /flows/{id}/backup-check/backfill', { params: { id: flowId } });
        setMessage(
          r.ok
            ? `${r.ingested} item${r.ingested === 1 ? '' : 's'} started${r.held ? ` (${r.held} held while paused)` : ''}.`
            : (r.error ?? 'The check failed.'),
        );
        router.refresh();
      }
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  if (!canEdit) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" variant="secondary" loading={busy === 'poll'} onClick={() => run('poll')}>
        Check now
      </Button>
      {baselineNotRun > 0 && (
        <Button size="sm" variant="secondary" loading={busy === 'backfill'} onClick={() => run('backfill')}>
          Run the {baselineNotRun} item{baselineNotRun === 1 ? '' : 's'} found at the start
        </Button>
      )}
      <span role="status" className="text-sm text-slate-600">
        {message}
      </span>
    </div>
  );
}
