'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { StatusBadge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { CopyButton } from '@/components/ui/copy-button';
import { StepIcon } from './step-icon';

export type StepNodeData = {
  label: string;
  typeLabel: string;
  icon: string;
  category: string;
  isTrigger: boolean;
  /** Publish errors for this step, shown on the node itself. */
  issues?: string[];
  /** Run view: the step's status colours the node. */
  status?: string;
  /** Trigger only: the live URL with a copy button. */
  webhookUrl?: string;
  readOnly?: boolean;
};

export type StepNodeType = Node<StepNodeData, 'step'>;

const statusRing: Record<string, string> = {
  succeeded: 'border-emerald-400 bg-emerald-50/60',
  failed: 'border-red-400 bg-red-50/60',
  running: 'border-brand-500 bg-brand-50/60',
  retrying: 'border-amber-400 bg-amber-50/60',
  skipped: 'border-slate-300 bg-slate-50 opacity-70',
  pending: 'border-slate-300 border-dashed',
};

function StepNodeView({ id, data, selected }: NodeProps<StepNodeType>) {
  const hasIssues = !!data.issues?.length;
  return (
    <div
      data-testid={`node-${id}`}
      data-status={data.status}
      className={cn(
        'w-64 rounded-lg border bg-white shadow-sm transition-shadow',
        data.status ? (statusRing[data.status] ?? 'border-slate-300') : 'border-slate-300',
        hasIssues && 'border-red-500 ring-2 ring-red-500/30',
        selected && !hasIssues && 'border-brand-500 ring-2 ring-brand-500/30',
      )}
    >
      {!data.isTrigger && (
        <Handle type="target" position={Position.Top} className="!size-3 !border-2 !border-white !bg-slate-400" />
      )}
      <div className="flex items-center gap-2.5 px-3 py-2.5">
        <StepIcon icon={data.icon} category={data.category} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900">{data.label}</p>
          <p className="truncate text-xs text-slate-500">
            {data.typeLabel !== data.label && <>{data.typeLabel} · </>}
            <span className="font-mono">{id}</span>
          </p>
        </div>
        {hasIssues && (
          <span
            className="shrink-0 rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold text-white"
            data-testid={`node-badge-${id}`}
            title="Fix before publishing"
          >
            {data.issues!.length} to fix
          </span>
        )}
      </div>
      {data.status && (
        <div className="border-t border-slate-100 px-3 py-1.5">
          <StatusBadge status={data.status} />
        </div>
      )}
      {data.webhookUrl && (
        <div className="nodrag nopan flex items-center gap-2 border-t border-slate-100 px-3 py-2">
          <code
            className="min-w-0 flex-1 truncate text-xs text-slate-600"
            title={data.webhookUrl}
            data-testid="node-webhook-url"
          >
            {data.webhookUrl}
          </code>
          <CopyButton value={data.webhookUrl} label="Copy URL" variant="ghost" />
        </div>
      )}
      {hasIssues && (
        <ul
          className="space-y-0.5 border-t border-red-100 bg-red-50 px-3 py-2 text-xs text-red-700"
          role="list"
          aria-label={`Problems in ${data.label}`}
          data-testid={`node-issues-${id}`}
        >
          {data.issues!.slice(0, 4).map((m) => (
            <li key={m}>{m}</li>
          ))}
          {data.issues!.length > 4 && <li>and {data.issues!.length - 4} more</li>}
        </ul>
      )}
      <Handle type="source" position={Position.Bottom} className="!size-3 !border-2 !border-white !bg-brand-500" />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
export const nodeTypes = { step: StepNode };
