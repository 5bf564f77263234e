'use client';

import { useCan } from '@/components/auth/role-context';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api/client';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { TRIGGER_TYPE } from '@/lib/integrations/registry';

/** "Warn when no events for N hours": kept in the trigger's config (quietAlertHours). */
export function QuietThresholdForm({ flowId, hours }: { flowId: string; hours: number }) {
  const canEdit = useCan('editor');
  const router = useRouter();
  const [value, setValue] = useState(String(hours));
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | string>('idle');

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 720) return setState('Enter a whole number of hours between 1 and 720.');
    setState('saving');
    try {
      const flow = await api('GET /flows/{id}', { params: { id: flowId } });
      const graph = {
        ...flow.graph,
        nodes: flow.graph.nodes.map((node) =>
          node.type === TRIGGER_TYPE ? { ...node, config: { ...node.config, quietAlertHours: n } } : node,
        ),
      };
      await api('PUT /flows/{id}', { params: { id: flowId }, body: { graph } });
      setState('saved');
      router.refresh();
    } catch (err) {
      setState((err as Error).message);
    }
  }

  const message = state === 'saved' ? 'Saved.' : state !== 'idle' && state !== 'saving' ? state : null;
  if (!canEdit) return null;
  return (
    <form onSubmit={save} className="flex flex-wrap items-end gap-2">
      <label className="space-y-1.5 text-sm font-medium text-slate-800">
        <span className="block">Warn when no events for (hours)</span>
        <Input
          type="number"
          min={1}
          max={720}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="w-28"
        />
      </label>
      <Button type="submit" variant="secondary" loading={state === 'saving'}>
        Save
      </Button>
      <span role="status" className={state === 'saved' ? 'text-sm text-emerald-700' : 'text-sm text-red-600'}>
        {message}
      </span>
    </form>
  );
}
