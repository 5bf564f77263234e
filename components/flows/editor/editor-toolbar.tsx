'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Spinner } from '@/components/ui/spinner';
import { useCan } from '@/components/auth/role-context';
import { api } from '@/lib/api/client';
import { PausedControls } from './paused-controls';
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
  /** Where the draft stands against the live version (draft-status.tsx). */
  draftStatus?: ReactNode;
  /** The draft differs from the live version: "saved" means saved as a draft. */
  unpublished?: boolean;
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
  const [message, setMessage] = useState<string | null>(null);

  async function pause() {
    setBusy('pause');
    setMessage(null);
    try {
      await api('POST /flows/{id}/pause', { params: { id: p.flowId } });
      p.onStatus('paused');
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
      {p.draftStatus ??
        (p.publishedVersion !== null && <span className="text-xs text-slate-500">v{p.publishedVersion}</span>)}
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
        {p.saveState === 'saved' && p.unpublished ? 'Draft saved' : saveText[p.saveState]}
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
        {message && (
          <span className="text-xs text-slate-600" role="status">
            {message}
          </span>
        )}
        {canEdit && p.status === 'live' && (
          <Button size="sm" variant="secondary" loading={busy === 'pause'} onClick={pause}>
            Pause
          </Button>
        )}
        {canEdit && p.status === 'paused' && (
          <PausedControls
            flowId={p.flowId}
            onResumed={(note) => {
              p.onStatus('live');
              setMessage(note);
            }}
          />
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
