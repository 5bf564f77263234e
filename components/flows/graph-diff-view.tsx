import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { isEmptyDiff, type GraphDiff, type StepRef } from '@/lib/flows/diff-graphs';

// What diffGraphs found, for people: steps added and removed, each changed
// field with its value before and after, and connections between steps. Used
// by the Versions tab and the editor's "Review changes".

const stepName = (s: StepRef) => (s.label ? `${s.label} (${s.id})` : s.id);

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export function DiffView({ diff }: { diff: GraphDiff }) {
  if (isEmptyDiff(diff)) return <p className="text-sm text-slate-500">No differences in steps or their settings.</p>;
  return (
    <div className="space-y-4 text-sm" data-testid="version-diff">
      {diff.added.length > 0 && (
        <div>
          <h3 className="font-medium text-emerald-700">Steps added</h3>
          <ul className="mt-1 list-inside list-disc">
            {diff.added.map((s) => (
              <li key={s.id}>
                {stepName(s)} <span className="text-slate-500">{s.type}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.removed.length > 0 && (
        <div>
          <h3 className="font-medium text-red-700">Steps removed</h3>
          <ul className="mt-1 list-inside list-disc">
            {diff.removed.map((s) => (
              <li key={s.id}>
                {stepName(s)} <span className="text-slate-500">{s.type}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {diff.changed.map((s) => (
        <div key={s.id}>
          <h3 className="font-medium text-amber-800">Changed: {stepName(s)}</h3>
          <Table className="mt-1">
            <THead>
              <tr>
                <Th>Field</Th>
                <Th>Before</Th>
                <Th>After</Th>
              </tr>
            </THead>
            <TBody>
              {s.fields.map((f) => (
                <Tr key={f.path}>
                  <Td>
                    <code className="font-mono text-xs">{f.path}</code>
                  </Td>
                  <Td className="font-mono text-xs break-all text-red-700">{show(f.before)}</Td>
                  <Td className="font-mono text-xs break-all text-emerald-700">{show(f.after)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      ))}
      {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && (
        <div>
          <h3 className="font-medium text-slate-900">Connections between steps</h3>
          <ul className="mt-1 list-inside list-disc">
            {diff.edgesAdded.map((e) => (
              <li key={`+${e.source}-${e.target}`} className="text-emerald-700">
                added {e.source} → {e.target}
              </li>
            ))}
            {diff.edgesRemoved.map((e) => (
              <li key={`-${e.source}-${e.target}`} className="text-red-700">
                removed {e.source} → {e.target}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
