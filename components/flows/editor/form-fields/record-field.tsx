'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/** Name/value pairs (headers, query, custom fields). */
export function RecordField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Record<string, string>;
  onChange(v: unknown): void;
  error?: string;
}) {
  // Rows live locally so a row with an empty key can exist while typing.
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(value));
  const serialized = JSON.stringify(value);
  const lastSent = useRef(serialized);
  useEffect(() => {
    if (serialized !== lastSent.current) {
      lastSent.current = serialized;
      setRows(Object.entries(JSON.parse(serialized)));
    }
  }, [serialized]);
  const update = (next: [string, string][]) => {
    setRows(next);
    const obj = Object.fromEntries(next.filter(([k]) => k.trim() !== ''));
    lastSent.current = JSON.stringify(obj);
    onChange(Object.keys(obj).length ? obj : undefined);
  };
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {rows.map(([k, v], i) => (
        <div key={i} className="flex gap-2">
          <Input
            aria-label={`${label} ${i + 1} name`}
            placeholder="name"
            value={k}
            onChange={(e) => update(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
          />
          <Input
            aria-label={`${label} ${i + 1} value`}
            placeholder="value"
            value={v}
            onChange={(e) => update(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove ${label} ${i + 1}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            ×
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => setRows([...rows, ['', '']])}>
        Add {label.toLowerCase()}
      </Button>
      {error && (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
