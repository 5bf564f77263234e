'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api/client';
import { Alert } from '@/components/ui/alert';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';
import type { RunDetail } from '@/lib/runs/get-run';
import { stepCatalog } from '@/lib/integrations/registry';
import { hasEffect } from '@/lib/runs/test-side-effects';

// Replays of a run, both ways: "Replay of run …" on a replay, "Replayed as
// run …" on its original; and the Replay buttons, which ask first when the run
// was replayed already (its emails would go out a second time).

export const shortId = (id: string) => id.slice(-8);

/** "Replay of run …" and "Replayed as run …" links under the run's title. */
export function ReplayLinks({ run }: { run: RunDetail }) {
  if (!run.replayOf && run.replays.length === 0) return null;
  return (
    <div className="space-y-1 text-sm" data-testid="replay-links">
      {run.replayOf && (
        <p>
          <Link href={`/runs/${run.replayOf}`} className="text-brand-700 underline">
            Replay of run {shortId(run.replayOf)}
          </Link>
          {run.fromFailedStep && <span className="text-slate-500"> (from its failed step)</span>}
        </p>
      )}
      {run.replays.map((r) => (
        <p key={r.id} className="flex flex-wrap items-center gap-2">
          <Link href={`/runs/${r.id}`} className="text-brand-700 underline">
            Replayed as run {shortId(r.id)}
          </Link>
          <StatusBadge status={r.status} />
          <span className="text-slate-500">
            <LocalTime value={r.createdAt} />
          </span>
        </p>
      ))}
    </div>
  );
}

/** Side effects a replay would repeat (the earlier replay already did them): mail, texts, posts, calls. */
export function repeatedEffects(run: RunDetail, fromFailedStep: boolean): string[] {
  const done = new Set(run.steps.filter((s) => s.status === 'succeeded').map((s) => s.nodeId));
  return run.graph.nodes
    .filter((n) => hasEffect(n.type) && (!fromFailedStep || !done.has(n.id)))
    .map((n) => {
      const label = `“${n.label ?? stepCatalog[n.type]?.label ?? n.id}”`;
      if (n.type === 'email.send') return `the email ${label} would be sent again`;
      if (n.type === 'twilio.sendSms') return `the text message ${label} would be sent again`;
      if (n.type === 'slack.postMessage') return `the Slack message ${label} would be posted again`;
      return `${label} would run again`;
    });
}

export function ReplayButtons({ run }: { run: RunDetail }) {
  const router = useRouter();
  const [replaying, setReplaying] = useState<'all' | 'failed' | null>(null);
  const [asking, setAsking] = useState<'all' | 'failed' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hasFailed = run.status === 'failed' && run.steps.some((s) => s.status === 'failed');
  const latest = run.replays[0];

  function ask(kind: 'all' | 'failed') {
    if (latest) setAsking(kind);
    else void replay(kind);
  }

  async function replay(kind: 'all' | 'failed') {
    setAsking(null);
    setReplaying(kind);
    setError(null);
    try {
      const res = await api('POST /runs/{id}/replay', {
        params: { id: run.id },
        body: kind === 'failed' ? { fromFailedStep: true } : {},
      });
      router.push(`/runs/${res.runId}`);
    } catch (err) {
      setError((err as Error).message);
      setReplaying(null);
    }
  }

  const effects = asking ? repeatedEffects(run, asking === 'failed') : [];
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {hasFailed && (
          <Button onClick={() => ask('failed')} loading={replaying === 'failed'} disabled={!!replaying || !!asking}>
            Replay from failed step
          </Button>
        )}
        <Button
          variant="secondary"
          onClick={() => ask('all')}
          loading={replaying === 'all'}
          disabled={!!replaying || !!asking}
        >
          Replay
        </Button>
      </div>
      {asking && latest && (
        <div
          role="alertdialog"
          aria-label="Replay again?"
          data-testid="replay-confirm"
          className="max-w-md space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <p>
            This run was already replayed on <LocalTime value={latest.createdAt} /> (run {shortId(latest.id)}
            {run.replays.length > 1 ? `, and ${run.replays.length - 1} more` : ''})
            {effects.length ? `; ${effects.join('; ')}.` : '. Replaying again runs its steps again.'}
          </p>
          <div className="flex gap-2">
            <Button size="sm" onClick={() => replay(asking)}>
              Replay again
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAsking(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
