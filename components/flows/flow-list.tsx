import Link from 'next/link';
import { FlowsBody } from '@/components/flows/flows-body';
import { StatusBadge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { FlowSummary } from '@/lib/flows/flow-summaries';

/** The flows list: status, last run and its outcome, runs in the last 24 h. */
export function FlowList({ flows, canEdit = true }: { flows: FlowSummary[]; canEdit?: boolean }) {
  if (!flows.length) return <FlowsBody canEdit={canEdit} />;
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <Table aria-label="Flows" data-testid="flows-table">
        <THead>
          <tr>
            <Th>Name</Th>
            <Th>Status</Th>
            <Th className="hidden sm:table-cell">Last run</Th>
            <Th className="text-right">Runs (24 h)</Th>
          </tr>
        </THead>
        <TBody>
          {flows.map((f) => (
            <Tr key={f.id}>
              <Td className="max-w-[16rem]">
                <Link href={`/flows/${f.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                  {f.name}
                </Link>
                <span className="text-xs text-slate-500">
                  {f.publishedVersion ? `version ${f.publishedVersion}` : 'never published'}
                </span>
              </Td>
              <Td>
                <StatusBadge status={f.status} />
              </Td>
              <Td className="hidden whitespace-nowrap sm:table-cell">
                {f.lastRun ? (
                  <Link
                    href={`/runs/${f.lastRun.id}`}
                    className="flex items-center gap-2 text-slate-600 hover:underline"
                  >
                    <StatusBadge status={f.lastRun.status} />
                    <LocalTime value={f.lastRun.createdAt} />
                  </Link>
                ) : (
                  <span className="text-slate-500">No runs yet</span>
                )}
              </Td>
              <Td className="text-right tabular-nums">
                <Link
                  href={`/flows/${f.id}/runs`}
                  className="hover:underline"
                  aria-label={`${f.runs24h} runs in the last 24 hours for ${f.name}`}
                >
                  {f.runs24h}
                </Link>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
