'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { DiffView } from '@/components/flows/graph-diff-view';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { GraphDiff } from '@/lib/flows/diff-graphs';
import type { FlowView } from '@/lib/flows/flow-view';
import { api } from '@/lib/api/client';

// Where the draft stands against what runs: never published, the same as the
// live version, or changed. Changes to a live flow are a draft until
// published, so the header says so, shows them against the live version and
// can throw them away (the draft becomes the live version again).

type Props = {
  flowId: string;
  status: 'draft' | 'live' | 'paused';
  publishedVersion: number | null;
  /** diffGraphs(live, draft); null when never published. */
  diff: GraphDiff | null;
  changed: boolean;
  /** Saves pending edits, so the server's draft is the one on screen. */
  flush(): Promise<void>;
  onDiscarded(flow: FlowView): void;
  onPublish(): void;
  publishing: boolean;
};

export function DraftStatus(p: Props) {
  const [open, setOpen] = useState<'review' | 'discard' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (p.publishedVersion === null) {
    return (
      <span className="text-xs text-slate-600" data-testid="publish-state" data-state="never">
        Draft — not live yet
      </span>
    );
  }
  if (!p.changed) {
    return (
      <span className="text-xs text-slate-500" data-testid="publish-state" data-state="live">
        {p.status === 'paused' ? `v${p.publishedVersion} published (paused)` : `v${p.publishedVersion} is live`}
      </span>
    );
  }

  async function discard() {
    setBusy(true);
    setError(null);
    try {
      await p.flush();
      const flow = await api('POST /flows/{id}/discard-draft', { params: { id: p.flowId } });
      p.onDiscarded(flow);
      setOpen(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const v = p.publishedVersion;
  return (
    <div className="flex items-center gap-1.5" data-testid="publish-state" data-state="changed">
      <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
        Unpublished changes
      </span>
      <Button size="sm" variant="ghost" onClick={() => setOpen('review')}>
        Review changes
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setOpen('discard')}>
        Discard changes
      </Button>
      {open === 'review' && (
        <Dialog title={`Changes since live version ${v}`} onClose={() => setOpen(null)}>
          <p className="text-sm text-slate-600">
            These changes are saved as a draft. Events at the webhook URL still run version {v} until you publish.
          </p>
          <div className="max-h-[55vh] overflow-y-auto">{p.diff && <DiffView diff={p.diff} />}</div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button size="sm" variant="ghost" onClick={() => setOpen('discard')}>
              Discard changes…
            </Button>
            <Button size="sm" variant="secondary" onClick={() => setOpen(null)}>
              Close
            </Button>
            <Button
              size="sm"
              loading={p.publishing}
              onClick={() => {
                setOpen(null);
                p.onPublish();
              }}
            >
              Publish changes
            </Button>
          </div>
        </Dialog>
      )}
      {open === 'discard' && (
        <Dialog title="Discard your changes?" onClose={() => setOpen(null)} role="alertdialog">
          <p className="text-sm text-slate-700">
            The flow goes back to live version {v}; every change since then is removed from the draft. Ctrl+Z brings
            them back while this page is open.
          </p>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="flex justify-end gap-2">
            <Button size="sm" variant="secondary" onClick={() => setOpen(null)}>
              Keep editing
            </Button>
            <Button size="sm" variant="danger" loading={busy} onClick={discard}>
              Discard changes
            </Button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** A modal <dialog>: focus moves in, Escape closes it, the page behind is inert. */
function Dialog({
  title,
  children,
  onClose,
  role,
}: {
  title: string;
  children: ReactNode;
  onClose(): void;
  role?: 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      role={role}
      aria-labelledby="draft-dialog-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(42rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-4 p-5">
        <h2 id="draft-dialog-title" className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
