import Link from 'next/link';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import type { getContact } from '@/lib/contacts/get-contact';

type Contact = Awaited<ReturnType<typeof getContact>>;

/** A contact's fields, tags and the runs that created or updated it. */
export function ContactDetail({ contact }: { contact: Contact }) {
  const fields = Object.entries(contact.fields);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-1">
        <Card title="Details">
          <dl className="space-y-3 text-sm">
            {(
              [
                ['Email', contact.email],
                ['Name', contact.name],
                ['Phone', contact.phone],
                ['Company', contact.company],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt className="text-slate-500">{label}</dt>
                <dd className="break-words text-slate-900">{value || '—'}</dd>
              </div>
            ))}
            <div>
              <dt className="text-slate-500">Tags</dt>
              <dd className="mt-1 flex flex-wrap gap-1">
                {contact.tags.length ? (
                  contact.tags.map((t) => <Badge key={t}>{t}</Badge>)
                ) : (
                  <span className="text-slate-900">—</span>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">First seen</dt>
              <dd className="text-slate-900">
                <LocalTime value={contact.createdAt} />
              </dd>
            </div>
          </dl>
        </Card>
        <Card title="Fields" description="Extra values your flows stored on this contact.">
          {fields.length ? (
            <dl className="space-y-2 text-sm">
              {fields.map(([k, v]) => (
                <div key={k} className="grid grid-cols-3 gap-2">
                  <dt className="truncate text-slate-500">{k}</dt>
                  <dd className="col-span-2 break-words text-slate-900">
                    {typeof v === 'string' ? v : JSON.stringify(v)}
                  </dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="text-sm text-slate-500">No extra fields.</p>
          )}
        </Card>
      </div>
      <Card
        className="lg:col-span-2"
        title="Timeline"
        description="Runs that created or updated this contact, newest first."
      >
        {contact.timeline.length ? (
          <ol className="space-y-3">
            {contact.timeline.map((e) => (
              <li key={`${e.runId}-${e.nodeId}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <span className="w-40 shrink-0 text-slate-500">
                  <LocalTime value={e.at} />
                </span>
                <span className="text-slate-900">
                  {e.created ? 'Created by' : 'Updated by'}{' '}
                  <Link href={`/runs/${e.runId}`} className="font-medium text-brand-700 hover:underline">
                    {e.flowName}
                  </Link>{' '}
                  <span className="text-slate-500">(step {e.nodeId})</span>
                </span>
                <StatusBadge status={e.runStatus} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">No runs have touched this contact.</p>
        )}
      </Card>
    </div>
  );
}
