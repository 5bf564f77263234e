'use client';

/** A list of distinct choices from a fixed set (e.g. HTTP methods): one checkbox each, in the set's order. */
export function ChoiceList({
  label,
  options,
  value,
  onChange,
  hint,
  error,
}: {
  label: string;
  options: string[];
  value: string[];
  onChange(v: unknown): void;
  hint?: string;
  error?: string;
}) {
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 accent-brand-600"
              checked={value.includes(o)}
              onChange={(e) => onChange(options.filter((x) => (x === o ? e.target.checked : value.includes(x))))}
            />
            {o}
          </label>
        ))}
      </div>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
