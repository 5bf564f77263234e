'use client';

import { useCan } from '@/components/auth/role-context';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { DiffView } from './graph-diff-view';
import { api } from '@/lib/api/client';
import { diffGraphs, isEmptyDiff } from '@/lib/flows/diff-graphs';
import type { FlowGraph } from '@/lib/flows/graph';
import type { VersionPublisher } from '@/lib/flows/list-versions';

export type VersionRow = { version: number; graph: FlowGraph; publishedAt: string; publishedBy: VersionPublisher };

type Props = { flowId: string; liveVersion: number | null; draft: FlowGraph; versions: VersionRow[] };

const DRAFT = 'draft';

const publisherName = (p: VersionPublisher) =>
  !p ? 'unknown' : p.type === 'user' ? `${p.name} (${p.email})` : `API key “${p.name}”`;

/** A flow's published versions: who published each and when, a diff of any two (or the draft), restore and discard. */
export function VersionsView({ flowId, liveVersion, draft, versions }: Props) {
  const canEdit = useCan('editor');
  const router = useRouter();
  const [from, setFrom] = useState(String(versions[1]?.version ?? versions[0]?.version ?? DRAFT));
  const [to, setTo] = useState(String(versions[0] && versions[1] ? versions[0].version : DRAFT));
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const graphOf = (key: string) => (key === DRAFT ? draft : versions.find((v) => String(v.version) === key)?.graph);
  const live = versions.find((v) => v.version === liveVersion);
  const draftChanged = useMemo(() => !!live && !isEmptyDiff(diffGraphs(live.graph, draft)), [live, draft]);
  const a = graphOf(from);
  const b = graphOf(to);
  const diff = useMemo(() => (a && b ? diffGraphs(a, b) : null), [a, b]);

  async function act(key: string, call: () => Promise<unknown>, success: string) {
    setBusy(key);
    setNotice(null);
    try {
      await call();
      setNotice({ tone: 'success', text: success });
      router.refresh();
    } catch (err) {
      setNotice({ tone: 'error', text: (err as Error).message });
    } finally {
      setBusy(null);
    }
  }
  const params = { id: flowId };

  if (versions.length === 0) {
    return (
      <EmptyState title="No published versions yet">
        Each time you publish, the flow&apos;s steps are kept as a version you can compare and restore.{' '}
        <Link href={`/flows/${flowId}`} className="text-brand-700 underline">
          Open the editor
        </Link>{' '}
        to publish.
      </EmptyState>
    );
  }

  const label = (key: string) => (key === DRAFT ? 'Draft' : `Version ${key}`);
  const options = [...versions.map((v) => String(v.version)), DRAFT];

  return (
    <div className="space-y-6">
      {notice && (
        <Alert tone={notice.tone} title={notice.tone === 'success' ? undefined : 'That did not work'}>
          <span role="status">{notice.text}</span>
        </Alert>
      )}
      {draftChanged && (
        <Alert tone="info" title="The draft differs from the live version">
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              hidden={!canEdit}
              size="sm"
              loading={busy === 'publish'}
              onClick={() =>
                act(
                  'publish',
                  () => api('POST /flows/{id}/publish', { params }),
                  'Published: the draft is now the live version.',
                )
              }
            >
              Publish draft
            </Button>
            <Button
              hidden={!canEdit}
              size="sm"
              variant="secondary"
              loading={busy === 'discard'}
              onClick={() =>
                act(
                  'discard',
                  () => api('POST /flows/{id}/discard-draft', { params }),
                  `The draft is back to the live version ${liveVersion}.`,
                )
              }
            >
              Discard draft changes
            </Button>
            <Button size="sm" variant="ghost" onClick={() => (setFrom(String(liveVersion)), setTo(DRAFT))}>
              Compare with live
            </Button>
          </div>
        </Alert>
      )}
      <Card
        title="History"
        description="Every published version, newest first. Restoring puts it in the draft; publish to make it live."
        flush
      >
        <Table>
          <THead>
            <tr>
              <Th>Version</Th>
              <Th>Published</Th>
              <Th>By</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </THead>
          <TBody>
            {versions.map((v) => (
              <Tr key={v.version} data-testid={`version-${v.version}`}>
                <Td className="font-medium">
                  v{v.version}{' '}
                  {v.version === liveVersion && (
                    <Badge tone="green" className="ml-1">
                      live
                    </Badge>
                  )}
                </Td>
                <Td>
                  <LocalTime value={v.publishedAt} />
                </Td>
                <Td>{publisherName(v.publishedBy)}</Td>
                <Td className="text-right">
                  <Button
                    hidden={!canEdit}
                    size="sm"
                    variant="secondary"
                    loading={busy === `restore-${v.version}`}
                    aria-label={`Restore into draft: version ${v.version}`}
                    onClick={() =>
                      act(
                        `restore-${v.version}`,
                        () =>
                          api('POST /flows/{id}/versions/{version}/restore', {
                            params: { id: flowId, version: v.version },
                          }),
                        `Version ${v.version} is now the draft. Publish to make it live.`,
                      )
                    }
                  >
                    Restore into draft
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
      <Card
        title="Compare"
        description="What changed between two versions, or between a version and the draft."
        actions={
          <div className="flex items-center gap-2 text-sm">
            <select
              aria-label="Compare from"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className="rounded-md border border-slate-300 px-2 py-1"
            >
              {options.map((o) => (
                <option key={o} value={o}>
                  {label(o)}
                </option>
              ))}
            </select>
            <span>→</span>
            <select
              aria-label="Compare to"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              className="rounded-md border border-slate-300 px-2 py-1"
            >
              {options.map((o) => (
                <option key={o} value={o}>
                  {label(o)}
                </option>
              ))}
            </select>
          </div>
        }
      >
        {diff && <DiffView diff={diff} />}
      </Card>
    </div>
  );
}
