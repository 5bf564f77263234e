/** Pretty-printed JSON in a scrollable block, with a label for screen readers. */
export function JsonBlock({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  if (value === undefined || value === null) return <p className="text-sm text-slate-500">None</p>;
  return (
    <pre
      aria-label={label}
      data-testid={testId}
      tabIndex={0}
      className="max-h-72 overflow-auto rounded-md bg-slate-50 p-3 text-xs leading-relaxed text-slate-800"
    >
      {typeof value === 'string' ? value : JSON.stringify(value, null, 2)}
    </pre>
  );
}
