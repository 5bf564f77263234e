import type { Metadata } from 'next';
import Link from 'next/link';
import { MethodBadge, OperationEntry } from '@/components/api-reference/operation-entry';
import { buttonClasses, LinkButton } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { PageHeader } from '@/components/ui/page-header';
import { buildOpenApiDocument } from '@/lib/api/openapi/build-document';
import { referenceView } from '@/lib/api/openapi/reference-view';
import { requireUser } from '@/lib/auth/current-user';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'API reference' };
export const dynamic = 'force-dynamic';

// The OpenAPI document (/api/v1/openapi.json), readable: every operation by
// tag with its parameters, body fields and responses, from the same zod
// schemas the routes validate with.

export default async function ApiReferencePage() {
  await requireUser();
  const groups = referenceView(buildOpenApiDocument());
  const base = `${env().APP_URL}/api/v1`;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/settings" className="hover:text-slate-900">
            ← Settings
          </Link>
        }
        title="API reference"
        description="The Switchboard REST API, version 1: manage flows, runs, events, connections and contacts from scripts and other tools."
        actions={
          <>
            <LinkButton href="/settings#api-keys" variant="secondary" size="sm">
              API keys
            </LinkButton>
            {/* A JSON route, not a page: a plain link. */}
            <a href="/api/v1/openapi.json" className={buttonClasses('secondary', 'sm')}>
              OpenAPI document (JSON)
            </a>
          </>
        }
      />

      <div className="space-y-6">
        <Card title="Basics">
          <div className="space-y-3 text-sm text-slate-700">
            <div className="flex flex-wrap items-center gap-2">
              <span>Base URL</span>
              <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-900">{base}</code>
              <CopyButton value={base} label="Copy base URL" />
            </div>
            <p>
              Send an API key from{' '}
              <Link href="/settings#api-keys" className="text-brand-700 underline">
                Settings → API keys
              </Link>{' '}
              with every request: <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>.
              Everything is scoped to the key’s workspace; an id from another workspace answers 404.
            </p>
            <p>
              Bodies are JSON. Errors answer{' '}
              <code className="font-mono text-xs">{'{"error": {"code", "message", "details"?}}'}</code>; invalid input
              is 400 with <code className="font-mono text-xs">details</code> naming each field. Lists answer{' '}
              <code className="font-mono text-xs">{'{"items": [...], "nextCursor"}'}</code>: pass{' '}
              <code className="font-mono text-xs">cursor</code> to get the next page (
              <code className="font-mono text-xs">limit</code> up to 100). Each key has a rate limit; over it the answer
              is 429 with <code className="font-mono text-xs">Retry-After</code>.
            </p>
          </div>
        </Card>

        <Card title="Contents">
          <nav aria-label="API reference contents" className="grid gap-x-8 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
            {groups.map((g) => (
              <div key={g.tag}>
                <a href={`#${g.anchor}`} className="text-sm font-semibold text-slate-900 hover:underline">
                  {g.tag}
                </a>
                <ul className="mt-1.5 space-y-1">
                  {g.operations.map((op) => (
                    <li key={op.anchor} className="flex items-center gap-2 text-xs">
                      <MethodBadge method={op.method} />
                      <a href={`#${op.anchor}`} className="min-w-0 truncate text-slate-700 hover:underline">
                        {op.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        </Card>

        {groups.map((g) => (
          <section key={g.tag} id={g.anchor} aria-labelledby={`${g.anchor}-heading`} className="scroll-mt-6">
            <h2 id={`${g.anchor}-heading`} className="mb-3 text-lg font-semibold text-slate-900">
              {g.tag}
            </h2>
            <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-xs">
              {g.operations.map((op) => (
                <OperationEntry key={op.anchor} op={op} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
