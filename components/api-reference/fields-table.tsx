import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { FieldRow, ParameterRow } from '@/lib/api/openapi/reference-view';

/** Fields of a body or parameters of an operation: name, type, required, notes. */
export function FieldsTable({ caption, rows }: { caption: string; rows: (FieldRow | ParameterRow)[] }) {
  const withIn = rows.some((r) => 'in' in r);
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <THead>
        <tr>
          <Th>Name</Th>
          {withIn && <Th>In</Th>}
          <Th>Type</Th>
          <Th>Notes</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => (
          <Tr key={`${'in' in r ? r.in : ''}${r.name}`}>
            <Td className="align-top">
              <code className="font-mono text-xs break-all text-slate-900">{r.name}</code>
              {r.required && (
                <>
                  {' '}
                  <span className="ml-1 text-xs font-medium text-red-700">required</span>
                </>
              )}
            </Td>
            {withIn && <Td className="align-top text-xs">{'in' in r ? r.in : ''}</Td>}
            <Td className="align-top">
              <code className="font-mono text-xs break-words text-slate-700">{r.type}</code>
            </Td>
            <Td className="min-w-48 align-top text-xs text-slate-600">{r.notes}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
