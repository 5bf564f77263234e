import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { LocalTime } from '@/components/ui/local-time';
import type { BackupCheckAlerts as Alerts } from '@/lib/backup-check/backup-check-alerts';

/** Above the flow list: what the backup check caught (the push is losing events) and checks that fail. */
export function BackupCheckAlerts({ alerts }: { alerts: Alerts }) {
  if (!alerts.caught.length && !alerts.failing.length) return null;
  return (
    <div className="mb-4 space-y-3">
      {alerts.caught.length > 0 && (
        <Alert tone="warning" title="The backup check caught events the webhook never delivered (last 7 days)">
          <ul className="list-disc pl-4" data-testid="backup-check-caught">
            {alerts.caught.map((c) => (
              <li key={c.flowId}>
                <Link href={`/flows/${c.flowId}/overview`} className="underline">
                  {c.name}
                </Link>
                : {c.count} event{c.count === 1 ? '' : 's'} — check that the sending app still reaches the webhook URL.
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {alerts.failing.length > 0 && (
        <Alert tone="error" title="Backup check failing">
          <ul className="list-disc pl-4" data-testid="backup-check-failing-flows">
            {alerts.failing.map((f) => (
              <li key={f.flowId}>
                <Link href={`/flows/${f.flowId}/overview`} className="underline">
                  {f.name}
                </Link>
                : failing since <LocalTime value={f.since} />
                {f.error ? ` — ${f.error}` : ''}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}
