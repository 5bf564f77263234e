'use client';

import { useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api/client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { BulkReplayView } from '@/lib/runs/bulk-replay';

// The runs page's action bar while runs are selected: replay them whole or
// from the failed step as one bulk replay job (POST /runs/replay-jobs), then
// follow its progress until the summary: replayed, skipped (and why), errors.

const PROGRESS_POLL_MS = 1000;

export type Selection = { kind: 'runs'; runIds: string[] } | { kind: 'matching'; total: number; query: object };

const reasonLabels: Record<string, string> = {
  alreadyReplayed: 'already replayed',
  notFailed: 'not failed',
  inProgress: 'still running',
  notPublished: 'flow not published',
};

export function BulkReplayBar({
  selection,
  onClear,
  onFinished,
}: {
  selection: Selection;
  onClear: () => void;
  onFinished: () => void;
}) {
  const [job, setJob] = useState<BulkReplayView | null>(null);
  const [starting, setStarting] = useState<'all' | 'failed' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const count = selection.kind === 'runs' ? selection.runIds.length : selection.total;
  const running = job && (job.status === 'queued' || job.status === 'running');
  const jobId = running ? job.id : null;
  // The page re-renders with every live run change; the progress timer must not restart with it.
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  });

  useEffect(() => {
    if (!jobId) return;
    const t = setInterval(async () => {
      const next = await api('GET /runs/replay-jobs/{id}', { params: { id: jobId } }).catch(() => null);
      if (!next) return;
      setJob(next);
      if (next.status === 'done' || next.status === 'failed') finished.current();
    }, PROGRESS_POLL_MS);
    return () => clearInterval(t);
  }, [jobId]);

  async function start(fromFailedStep: boolean) {
    setStarting(fromFailedStep ? 'failed' : 'all');
    setError(null);
    try {
      const body = selection.kind === 'runs' ? { runIds: selection.runIds } : selection.query;
      const created = await api('POST /runs/replay-jobs', { body: { ...body, fromFailedStep } });
      setJob(created);
      if (created.status === 'done') onFinished();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setStarting(null);
    }
  }

  if (job) {
    const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
    // In a fixed order (the stored object's key order is the database's).
    const reasons = Object.keys(reasonLabels)
      .map((k) => [k, job.skipReasons[k] ?? 0] as const)
      .filter(([, n]) => n > 0);
    return (
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="bulk-replay">
        {running ? (
          <>
            <p>
              Replaying… {job.done} of {job.total} runs worked through
            </p>
            <progress className="h-2 w-full" max={job.total} value={job.done} aria-label="Replay progress">
              {pct}%
            </progress>
          </>
        ) : (
          <Alert tone={job.errors || job.status === 'failed' ? 'warning' : 'success'} title="Replay finished">
            <span data-testid="bulk-replay-summary">
              {job.replayed} replayed · {job.skipped} skipped
              {reasons.length > 0 && ` (${reasons.map(([k, n]) => `${n} ${reasonLabels[k]}`).join(', ')})`} ·{' '}
              {job.errors} {job.errors === 1 ? 'error' : 'errors'}
            </span>
          </Alert>
        )}
        {!running && (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setJob(null);
              onClear();
            }}
          >
            Done
          </Button>
        )}
      </div>
    );
  }

  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-lg border border-brand-100 bg-brand-50 p-2 text-sm"
      data-testid="bulk-replay-bar"
    >
      <span className="px-1 font-medium text-slate-800">
        {selection.kind === 'matching' ? `All ${count} matching runs selected` : `${count} selected`}
      </span>
      <Button size="sm" onClick={() => start(true)} loading={starting === 'failed'} disabled={!!starting}>
        Replay from failed step
      </Button>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => start(false)}
        loading={starting === 'all'}
        disabled={!!starting}
      >
        Replay whole runs
      </Button>
      <Button size="sm" variant="ghost" onClick={onClear} disabled={!!starting}>
        Clear selection
      </Button>
      {error && (
        <p role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
