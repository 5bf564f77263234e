'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { emptyGraph } from '@/lib/flows/graph';
import { flowTemplates } from '@/lib/flows/templates';
import { api } from '@/lib/api/client';

const choices = [
  {
    id: 'blank',
    name: 'Blank flow',
    description: 'Start with just the webhook trigger and add your own steps.',
    graph: emptyGraph(),
  },
  ...flowTemplates,
];

/** "New flow": a blank flow or one of the templates, named, then straight into the editor. */
export function NewFlowChooser() {
  const router = useRouter();
  const [choice, setChoice] = useState('blank');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picked = choices.find((c) => c.id === choice)!;

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const chosenName = name.trim() || (picked.id === 'blank' ? 'Untitled flow' : picked.name);
      // A template is made by the server, which fills in what it can (a sender secret, the only fitting connections).
      const body =
        picked.id === 'blank' ? { name: chosenName, graph: picked.graph } : { name: chosenName, template: picked.id };
      const flow = await api('POST /flows', { body });
      router.push(picked.id === 'blank' ? `/flows/${flow.id}` : `/flows/${flow.id}?setup=1`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={create} className="space-y-6">
      <fieldset className="min-w-0">
        <legend className="mb-3 text-sm font-medium text-slate-800">Start from</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {choices.map((c) => (
            <label
              key={c.id}
              className="flex cursor-pointer flex-col gap-1 rounded-lg border border-slate-200 bg-white p-4 shadow-xs has-checked:border-brand-500 has-checked:ring-2 has-checked:ring-brand-500/25 has-focus-visible:ring-2 has-focus-visible:ring-brand-500/40"
            >
              <span className="flex items-center gap-2">
                <input
                  type="radio"
                  name="template"
                  value={c.id}
                  checked={choice === c.id}
                  onChange={() => setChoice(c.id)}
                  className="accent-brand-600"
                />
                <span className="text-sm font-semibold text-slate-900">{c.name}</span>
              </span>
              <span className="text-sm text-slate-500">{c.description}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Flow name" hint="You can change it later.">
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={picked.id === 'blank' ? 'Untitled flow' : picked.name}
          className="max-w-md"
        />
      </Field>
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="submit" loading={busy}>
        Create flow
      </Button>
    </form>
  );
}
