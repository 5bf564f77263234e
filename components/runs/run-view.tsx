'use client';

import { useCan } from '@/components/auth/role-context';
import Link from 'next/link';
import { useCallback, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { useNow } from '@/components/ui/use-now';
import { api } from '@/lib/api/client';
import type { RunDetail } from '@/lib/runs/get-run';
import { stepCatalog, TRIGGER_TYPE } from '@/lib/integrations/registry';
import { EditAndReplay } from './edit-replay';
import { JsonBlock } from './json-block';
import { ReplayButtons, ReplayLinks } from './replay-controls';
import { RetryNowButton } from './retry-now-button';
import { RunGraph } from './run-graph';
import { finalStatuses, runDuration } from './run-format';
import { useLiveRuns, type RunChange } from './use-live-runs';

const POLL_MS = 1500;

/** The run page: graph coloured by step status, the selected step's details, replay, the raw event. */
export function RunView({ initial }: { initial: RunDetail }) {
  const canEdit = useCan('editor');
  const [run, setRun] = useState(initial);
  const firstProblem = initial.steps.find((s) => s.status === 'failed' || s.status === 'retrying')?.nodeId;
  const [selectedId, setSelectedId] = useState<string | null>(
    firstProblem ?? initial.graph.nodes.find((n) => n.type !== TRIGGER_TYPE)?.id ?? null,
  );
  // Null until mounted: a "so far" duration computed while hydrating would differ from the server's.
  const now = useNow(1000);

  // Live while the run is unfinished: the stream's status at once, then the steps read again.
  const refresh = useCallback(async () => {
    const next = await api('GET /runs/{id}', { params: { id: run.id } }).catch(() => null);
    if (next) setRun(next);
  }, [run.id]);
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onChanges = useCallback(
    (changes: RunChange[]) => {
      const mine = changes.find((c) => c.runId === run.id);
      if (!mine) return;
      setRun((r) => ({ ...r, status: mine.status as RunDetail['status'] }));
      clearTimeout(reloadTimer.current);
      reloadTimer.current = setTimeout(() => void refresh(), 150);
    },
    [run.id, refresh],
  );
  const live = useLiveRuns({
    query: { runId: run.id },
    onChanges,
    poll: refresh,
    pollMs: POLL_MS,
    enabled: !finalStatuses.has(run.status),
  });

  // Steps that ran; the trigger (its output is the event) and steps not reached yet stay uncoloured.
  const [trigger, ...ran] = run.steps;
  const steps = ran.filter((s) => s.status !== 'pending');
  const event = trigger!.output as { body: unknown; headers: unknown; query: unknown };
  const statusByNode = Object.fromEntries(steps.map((s) => [s.nodeId, s.status]));
  const step = steps.find((s) => s.nodeId === selectedId);
  const node = run.graph.nodes.find((n) => n.id === selectedId);

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href={`/flows/${run.flowId}/runs`} className="hover:underline">
            ← {run.flowName} runs
          </Link>
        }
        title={
          <span className="flex items-center gap-2">
            Run <StatusBadge status={run.status} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-4 gap-y-1">
            <span>
              Started <LocalTime value={run.startedAt ?? run.createdAt} />
            </span>
            <span>Duration {runDuration(run, now)}</span>
            <span>Version {run.version}</span>
            {!finalStatuses.has(run.status) && (
              <span data-testid="live-mode" data-mode={live}>
                {live === 'polling' ? 'Updates every few seconds' : 'Updates live'}
              </span>
            )}
          </span>
        }
        actions={canEdit && finalStatuses.has(run.status) && <ReplayButtons run={run} />}
      />
      <ReplayLinks run={run} />
      {run.error && (
        <Alert tone="error" title="The run failed">
          {run.error}
        </Alert>
      )}
      {run.status === 'waiting' && run.nextAttemptAt && (
        <Alert tone="info">
          Waiting: next try <RelativeTime value={run.nextAttemptAt} />.
        </Alert>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div
          className="h-80 overflow-hidden rounded-lg border border-slate-200 bg-white lg:h-[28rem]"
          data-testid="run-graph"
        >
          <RunGraph graph={run.graph} statusByNode={statusByNode} selectedId={selectedId} onSelect={setSelectedId} />
        </div>
        <Card
          title={node ? (node.label ?? stepCatalog[node.type]?.label ?? node.id) : 'Steps'}
          description={node ? `Step ${node.id}` : 'Click a step to see what it did.'}
        >
          {node?.type === TRIGGER_TYPE ? (
            <p className="text-sm text-slate-600">The trigger’s output is the event below.</p>
          ) : step ? (
            <div className="space-y-4 text-sm" data-testid="step-detail">
              <dl className="flex flex-wrap gap-x-6 gap-y-2">
                <div>
                  <dt className="text-xs text-slate-500">Status</dt>
                  <dd>
                    <StatusBadge status={step.status} />
                    {step.reused && <span className="ml-2 text-xs text-slate-500">reused from the original run</span>}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Attempts</dt>
                  <dd className="tabular-nums">{step.attempts}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Next retry</dt>
                  <dd>
                    {step.nextAttemptAt && step.status === 'retrying' ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <RelativeTime value={step.nextAttemptAt} testId="next-retry" />
                        {canEdit && run.status === 'waiting' && (
                          <RetryNowButton runId={run.id} nodeId={step.nodeId} onDone={refresh} />
                        )}
                      </span>
                    ) : step.nextAttemptAt ? (
                      <LocalTime value={step.nextAttemptAt} />
                    ) : (
                      <span className="text-slate-600">none</span>
                    )}
                  </dd>
                </div>
              </dl>
              {step.error && (
                <section>
                  <h3 className="text-xs text-slate-500">Error</h3>
                  <p className="mt-1 rounded-md bg-red-50 p-2 text-red-800" data-testid="step-error">
                    {step.error}
                  </p>
                </section>
              )}
              <section>
                <h3 className="mb-1 text-xs text-slate-500">Input (templates resolved)</h3>
                <JsonBlock value={step.input} label="Step input" />
              </section>
              <section>
                <h3 className="mb-1 text-xs text-slate-500">Output</h3>
                <JsonBlock value={step.output} label="Step output" testId="step-output" />
              </section>
            </div>
          ) : (
            <p className="text-sm text-slate-500">
              {node ? 'This step has not run.' : 'Click a step in the flow to see its input, output and errors.'}
            </p>
          )}
        </Card>
      </div>

      <Card
        title="Event"
        description={`${run.event.source === 'backup-check' ? 'Picked up by the backup check' : `${run.event.method ?? ''} webhook`}, received ${new Date(run.event.receivedAt).toUTCString()}`}
      >
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <div>
            <h3 className="mb-1 text-xs font-medium text-slate-500">Body</h3>
            <JsonBlock value={event.body} label="Event body" testId="event-body" />
          </div>
          <div>
            <h3 className="mb-1 text-xs font-medium text-slate-500">Headers</h3>
            <JsonBlock value={event.headers} label="Event headers" />
            {!!event.query && Object.keys(event.query as object).length > 0 && (
              <>
                <h3 className="mt-3 mb-1 text-xs font-medium text-slate-500">Query</h3>
                <JsonBlock value={event.query} label="Event query" />
              </>
            )}
          </div>
        </div>
        {canEdit && (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <EditAndReplay eventId={run.event.id} body={event.body} />
          </div>
        )}
      </Card>
    </div>
  );
}
