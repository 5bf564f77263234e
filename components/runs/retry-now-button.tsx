'use client';

import { useState } from 'react';
import { api } from '@/lib/api/client';
import { Button } from '@/components/ui/button';

/** "Retry now" on a step waiting for its next try: the engine tries it at once (still only once). */
export function RetryNowButton({ runId, nodeId, onDone }: { runId: string; nodeId: string; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await api('POST /runs/{id}/steps/{nodeId}/retry-now', { params: { id: runId, nodeId } });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="sm" variant="secondary" onClick={retry} loading={busy}>
        Retry now
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </>
  );
}
