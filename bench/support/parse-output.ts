// Reads what a bench part printed: its `BENCH_RESULT {json}` lines and every
// markdown table (with the line above it as caption), so parts written by
// others need no changes to be recorded.

export type Table = { caption: string; header: string[]; rows: Record<string, string>[]; markdown: string };
export type PartOutput = { results: Record<string, unknown>; tables: Table[] };

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

export function parseOutput(text: string): PartOutput {
  const results: Record<string, unknown> = {};
  const tables: Table[] = [];
  const lines = text.split('\n');
  let caption = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('BENCH_RESULT ')) {
      try {
        const { part, data } = JSON.parse(line.slice('BENCH_RESULT '.length)) as { part: string; data: unknown };
        results[part] = data;
      } catch {
        // A malformed line is left out of the record, not fatal.
      }
      continue;
    }
    if (line.trim().startsWith('|') && lines[i + 1]?.trim().startsWith('|---')) {
      const header = cells(line);
      const block = [line, lines[i + 1]!];
      const rows: Record<string, string>[] = [];
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
        block.push(lines[i]!);
        const values = cells(lines[i]!);
        rows.push(Object.fromEntries(header.map((h, c) => [h, values[c] ?? ''])));
      }
      i--;
      tables.push({ caption, header, rows, markdown: block.join('\n') });
      continue;
    }
    if (line.trim()) caption = line.trim();
  }
  return { results, tables };
}

/** The first table whose header has every one of these columns. */
export function findTable(out: PartOutput | undefined, ...columns: string[]): Table | undefined {
  return out?.tables.find((t) => columns.every((c) => t.header.includes(c)));
}

export const num = (v: string | undefined) => {
  const n = Number(v);
  return v === undefined || v === '' || Number.isNaN(n) ? null : n;
};
