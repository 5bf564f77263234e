'use client';

import { useEffect, useState } from 'react';
import { useCan } from '@/components/auth/role-context';
import { api, type ApiBody } from '@/lib/api/client';
import { Button } from '@/components/ui/button';
import type { BackupCheckStatus } from '@/lib/backup-check/backup-check-status';
import type { PreviewOutput } from '@/lib/backup-check/preview-backup-check';
import { BackupCheckStateLine } from './backup-check-state-line';

/**
 * Under the trigger's settings in the editor: the backup check's state and a
 * "Preview" that reads the source once with the settings being edited,
 * recording nothing. Preview calls the source with the flow's settings, which
 * the API allows editors only, so viewers see the state without the button.
 */
export function BackupCheckPanel({ flowId, config }: { flowId: string; config: unknown }) {
  const [status, setStatus] = useState<BackupCheckStatus | null>(null);
  const [preview, setPreview] = useState<PreviewOutput | { error: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const canEdit = useCan('editor');

  useEffect(() => {
    const ctl = new AbortController();
    api('GET /flows/{id}/backup-check', { params: { id: flowId }, signal: ctl.signal }).then(setStatus, () => {});
    return () => ctl.abort();
  }, [flowId]);

  if (!config && !status?.enabled) return null;

  async function runPreview() {
    setLoading(true);
    try {
      setPreview(
        await api('POST /flows/{id}/backup-check/preview', {
          params: { id: flowId },
          // The settings being edited, unchecked: the server validates them (400 names the field).
          body: (config ? { config } : {}) as ApiBody<'POST /flows/{id}/backup-check/preview'>,
        }),
      );
    } catch (err) {
      setPreview({ error: (err as Error).message });
    } finally {
      setLoading(false);
    }
  }

  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="backup-check-panel">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-800">Backup check</p>
        {canEdit && (
          <Button size="sm" variant="secondary" loading={loading} onClick={runPreview} disabled={!config}>
            Preview
          </Button>
        )}
      </div>
      {status && <BackupCheckStateLine status={status} />}
      <div aria-live="polite" className="text-sm">
        {preview && 'error' in preview && !('ok' in preview) && <p className="text-red-600">{preview.error}</p>}
        {preview && 'ok' in preview && !preview.ok && (
          <p className="text-red-600" data-testid="backup-check-preview-error">
            {preview.error}
          </p>
        )}
        {preview && 'ok' in preview && preview.ok && <PreviewResult preview={preview} />}
      </div>
    </div>
  );
}

function PreviewResult({ preview }: { preview: PreviewOutput }) {
  return (
    <div className="space-y-1.5" data-testid="backup-check-preview">
      <p className="text-slate-700">
        Found {preview.found} item{preview.found === 1 ? '' : 's'} on {preview.pages} page
        {preview.pages === 1 ? '' : 's'}
        {preview.truncated ? ' (stopped early; there are more)' : ''}: {preview.newCount} new.
        {preview.withoutId > 0 && ` ${preview.withoutId} had no ID and are skipped.`}
      </p>
      {preview.willBeBaseline && preview.found > 0 && (
        <p className="text-xs text-slate-500">
          The first check after publishing records the items there as already seen, without running them. You can run
          them later from the flow page.
        </p>
      )}
      <ul className="max-h-48 space-y-1 overflow-auto">
        {preview.items.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-2 rounded bg-slate-50 px-2 py-1 text-xs">
            <code className="truncate font-mono text-slate-700">{i.id}</code>
            <span className={i.new ? 'text-emerald-700' : 'text-slate-500'}>
              {i.new ? 'new' : `seen (${i.seenVia})`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
