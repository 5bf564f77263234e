'use client';

import { useCallback, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { api } from '@/lib/api/client';

const POLL_MS = 2000;

type Held = { count: number; more: boolean };

const eventsText = (h: Held) => `${h.count}${h.more ? '+' : ''} held event${h.count === 1 && !h.more ? '' : 's'}`;

/**
 * A paused flow's held events, counted live, and Resume: with events held it
 * asks whether to run them or discard them (discarded ones stay listed and
 * never run).
 */
export function PausedControls({
  flowId,
  onResumed,
}: {
  flowId: string;
  /** The flow is live again; `note` says what became of its held events. */
  onResumed(note: string | null): void;
}) {
  const [held, setHeld] = useState<Held | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api('GET /flows/{id}/events', { params: { id: flowId }, query: { status: 'held', limit: 100 } }).then(
        (res) => setHeld({ count: res.items.length, more: !!res.nextCursor }),
        () => {},
      ),
    [flowId],
  );

  useEffect(() => {
    void load();
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, POLL_MS);
    return () => clearInterval(t);
  }, [load]);

  async function act(what: 'held/run' | 'held/discard' | 'resume', held?: 'run' | 'discard') {
    setBusy(held ? `resume:${held}` : what);
    setMessage(null);
    try {
      const params = { id: flowId };
      const res: { heldRun?: number; heldDiscarded?: number; discarded?: number; released?: number } =
        what === 'resume'
          ? await api('POST /flows/{id}/resume', { params, body: held ? { held } : {} })
          : what === 'held/run'
            ? await api('POST /flows/{id}/held/run', { params })
            : await api('POST /flows/{id}/held/discard', { params });
      const discarded = res.heldDiscarded ?? res.discarded ?? 0;
      const ran = res.heldRun ?? res.released ?? 0;
      const note =
        discarded > 0
          ? `${discarded} held event${discarded === 1 ? '' : 's'} discarded: listed as discarded, they will not run.`
          : ran > 0
            ? `${ran} held event${ran === 1 ? ' is' : 's are'} running.`
            : null;
      setAsking(false);
      if (what === 'resume') return onResumed(note);
      setMessage(note);
      void load();
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const hasHeld = !!held && (held.count > 0 || held.more);
  return (
    <>
      {hasHeld && (
        <span className="flex items-center gap-2 text-xs text-amber-800" data-testid="held-count">
          {eventsText(held)}
          <Button size="sm" variant="secondary" loading={busy === 'held/run'} onClick={() => act('held/run')}>
            Run held
          </Button>
          <Button size="sm" variant="ghost" loading={busy === 'held/discard'} onClick={() => act('held/discard')}>
            Discard held
          </Button>
        </span>
      )}
      {message && (
        <span className="text-xs text-slate-600" role="status">
          {message}
        </span>
      )}
      <Button
        size="sm"
        variant="secondary"
        loading={busy === 'resume'}
        onClick={() => (hasHeld ? setAsking(true) : act('resume'))}
      >
        Resume
      </Button>
      {asking && held && (
        <div
          role="alertdialog"
          aria-label="Resume the flow"
          data-testid="resume-confirm"
          className="basis-full space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <p>
            {eventsText(held)} arrived while the flow was paused. Run them now, or discard them (they stay listed as
            discarded and never run)?
          </p>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" loading={busy === 'resume:run'} onClick={() => act('resume', 'run')}>
              Run {held.count}
              {held.more ? '+' : ''} held event{held.count === 1 && !held.more ? '' : 's'}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              loading={busy === 'resume:discard'}
              onClick={() => act('resume', 'discard')}
            >
              Discard them
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </>
  );
}
