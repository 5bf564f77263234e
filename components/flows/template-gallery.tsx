'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { api } from '@/lib/api/client';
import type { FlowTemplate } from '@/lib/flows/templates';

/**
 * One click from a template to its editor: POST /flows {template} makes the flow (with a secret for the
 * sender and the workspace's only fitting connections already chosen), and the editor opens asking for the rest.
 */
export function TemplateGallery({ templates }: { templates: Pick<FlowTemplate, 'id' | 'name' | 'description'>[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function use(id: string, name: string) {
    setBusy(id);
    setError(null);
    try {
      const flow = await api('POST /flows', { body: { name, template: id } });
      router.push(`/flows/${flow.id}?setup=1`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="templates-title" className="space-y-3" data-testid="template-gallery">
      <h2 id="templates-title" className="text-sm font-semibold text-slate-900">
        Start from a template
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {templates.map((t) => (
          <li
            key={t.id}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
            aria-label={t.name}
          >
            <h3 className="text-sm font-semibold text-slate-900">{t.name}</h3>
            <p className="flex-1 text-sm text-slate-500">{t.description}</p>
            <div>
              <Button
                size="sm"
                variant="secondary"
                loading={busy === t.id}
                disabled={busy !== null}
                onClick={() => use(t.id, t.name)}
                aria-label={`Use template: ${t.name}`}
              >
                Use template
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}
