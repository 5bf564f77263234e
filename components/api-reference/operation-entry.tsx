import type { OperationView } from '@/lib/api/openapi/reference-view';
import { cn } from '@/components/ui/cn';
import { FieldsTable } from './fields-table';

const methodTones: Record<string, string> = {
  GET: 'bg-sky-50 text-sky-800 ring-sky-200',
  POST: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  PUT: 'bg-amber-50 text-amber-900 ring-amber-200',
  PATCH: 'bg-amber-50 text-amber-900 ring-amber-200',
  DELETE: 'bg-red-50 text-red-800 ring-red-200',
};

const authNote = {
  'api-key': null,
  session: 'Signed-in browser sessions only; API keys are refused.',
  public: 'No authentication needed.',
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span
      className={cn(
        'inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold ring-1 ring-inset',
        methodTones[method] ?? 'bg-slate-100 text-slate-800 ring-slate-200',
      )}
    >
      {method}
    </span>
  );
}

/** One operation: what it does, what it takes, what it answers. */
export function OperationEntry({ op }: { op: OperationView }) {
  const title = `${op.method} ${op.path}`;
  return (
    <article id={op.anchor} aria-labelledby={`${op.anchor}-title`} className="scroll-mt-6 space-y-4 px-5 py-5">
      <header className="space-y-1.5">
        {/* Named as one phrase ("POST /flows: Create a flow"); the badge and code would otherwise be read apart. */}
        <h3
          id={`${op.anchor}-title`}
          aria-label={`${op.method} ${op.path}: ${op.summary}`}
          className="flex flex-wrap items-center gap-2"
        >
          <MethodBadge method={op.method} />
          <code className="font-mono text-sm font-medium break-all text-slate-900">{op.path}</code>
          <span className="text-sm font-normal text-slate-600">{op.summary}</span>
        </h3>
        {op.description && <p className="text-sm text-slate-700">{op.description}</p>}
        {authNote[op.auth] && <p className="text-xs text-slate-500">{authNote[op.auth]}</p>}
      </header>

      {op.parameters.length > 0 && (
        <section className="space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Parameters</h4>
          <FieldsTable caption={`Parameters of ${title}`} rows={op.parameters} />
        </section>
      )}

      {op.body && (
        <section className="space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Request body (JSON)</h4>
          <FieldsTable caption={`Request body of ${title}`} rows={op.body} />
        </section>
      )}

      <section className="space-y-2">
        <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Responses</h4>
        <ul className="space-y-3">
          {op.responses.map((r) => (
            <li key={r.status} className="space-y-2">
              <p className="flex items-baseline gap-3 text-sm">
                <span
                  className={cn(
                    'w-10 shrink-0 font-mono font-semibold',
                    r.status.startsWith('2') ? 'text-emerald-700' : 'text-slate-600',
                  )}
                >
                  {r.status}
                </span>
                <span className="text-slate-700">{r.description}</span>
              </p>
              {r.fields && <FieldsTable caption={`Response ${r.status} of ${title}`} rows={r.fields} />}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
