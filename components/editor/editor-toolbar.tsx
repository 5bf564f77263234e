'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Spinner } from '@/components/ui/spinner';
import { useCan } from '@/components/auth/role-context';
import { apiFetch } from './api-client';
import type { SaveState } from './use-autosave';

type Props = {
  flowId: string;
  name: string;
  onName(name: string): void;
  status: 'draft' | 'live' | 'paused';
  onStatus(status: 'draft' | 'live' | 'paused'): void;
  publishedVersion: number | null;
  saveState: SaveState;
  saveError: string | null;
  onRetrySave(): void;
  onPublish(): void;
  publishing: boolean;
};

const saveText: Record<SaveState, string> = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
};

/** Name, save state, tabs, publish and pause/resume with held events. */
export function EditorToolbar(p: Props) {
  const canEdit = useCan('editor');
  const [busy, setBusy] = useState<string | null>(null);
  const [held, setHeld] = useState<{ count: number; more: boolean } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Bumped after running or discarding held events, to count again.
  const [heldVersion, setHeldVersion] = useState(0);

  useEffect(() => {
    if (p.status !== 'paused') return;
    let live = true;
    const load = () =>
      apiFetch<{ items: unknown[]; nextCursor: string | null }>(`/flows/${p.flowId}/events?status=held&limit=100`).then(
        (res) => live && setHeld({ count: res.items.length, more: !!res.nextCursor }),
        () => live && setHeld(null),
      );
    void load();
    const t = setInterval(load, 5000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [p.status, p.flowId, heldVersion]);

  async function act(what: 'pause' | 'resume' | 'held/run' | 'held/discard') {
    setBusy(what);
    setMessage(null);
    try {
      await apiFetch(`/flows/${p.flowId}/${what}`, { method: 'POST', body: {} });
      if (what === 'pause') p.onStatus('paused');
      if (what === 'resume') p.onStatus('live');
      if (what.startsWith('held')) {
        setMessage(what === 'held/run' ? 'Held events are running.' : 'Held events discarded.');
        setHeldVersion((v) => v + 1);
      }
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2.5">
      <Link href="/flows" className="text-sm text-slate-500 hover:text-slate-900">
        ← Flows
      </Link>
      <input
        value={p.name}
        onChange={(e) => p.onName(e.target.value)}
        readOnly={!canEdit}
        aria-label="Flow name"
        className="h-8 w-56 min-w-0 rounded-md border border-transparent px-2 text-sm font-semibold text-slate-900 hover:border-slate-300 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/25 focus:outline-none"
      />
      <StatusBadge status={p.status} />
      {p.publishedVersion !== null && <span className="text-xs text-slate-500">v{p.publishedVersion}</span>}
      {!canEdit && (
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600" data-testid="view-only">
          View only
        </span>
      )}
      <span
        hidden={!canEdit}
        role="status"
        data-testid="save-state"
        data-state={p.saveState}
        className={cn(
          'flex min-w-32 items-center gap-1.5 text-xs',
          p.saveState === 'error' ? 'text-red-600' : 'text-slate-500',
        )}
      >
        {p.saveState === 'saving' && <Spinner className="size-3" />}
        {saveText[p.saveState]}
        {p.saveState === 'error' && (
          <button type="button" className="underline" onClick={p.onRetrySave} title={p.saveError ?? undefined}>
            Retry
          </button>
        )}
      </span>
      <nav aria-label="Flow" className="flex items-center gap-1 text-sm">
        <span aria-current="page" className="rounded-md bg-slate-100 px-2 py-1 font-medium text-slate-900">
          Editor
        </span>
        <Link href={`/flows/${p.flowId}/runs`} className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100">
          Runs
        </Link>
        <Link href={`/flows/${p.flowId}/overview`} className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100">
          Overview
        </Link>
        <Link href={`/flows/${p.flowId}/versions`} className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100">
          Versions
        </Link>
      </nav>
      <div className="ml-auto flex flex-wrap items-center gap-2">
        {canEdit && p.status === 'paused' && held && (held.count > 0 || held.more) && (
          <span className="flex items-center gap-2 text-xs text-amber-800" data-testid="held-count">
            {held.count}
            {held.more ? '+' : ''} held event{held.count === 1 && !held.more ? '' : 's'}
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
        {canEdit && p.status === 'live' && (
          <Button size="sm" variant="secondary" loading={busy === 'pause'} onClick={() => act('pause')}>
            Pause
          </Button>
        )}
        {canEdit && p.status === 'paused' && (
          <Button size="sm" variant="secondary" loading={busy === 'resume'} onClick={() => act('resume')}>
            Resume
          </Button>
        )}
        {canEdit && (
          <Button size="sm" onClick={p.onPublish} loading={p.publishing}>
            Publish
          </Button>
        )}
      </div>
    </header>
  );
}
