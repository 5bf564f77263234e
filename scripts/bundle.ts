// Compiles a process entry (web/main.ts or worker/main.ts, and the lib/ code
// it imports) into one ES module next to the Next build. Running it as plain
// JavaScript instead of through tsx keeps the loader's compile work and ~80 MiB
// of loader and source-map memory out of every process (measured on the web
// process: 292 → 212 MiB RSS; a worker is ready in ~1 s instead of ~2 s).
// Takes well under a second, so every start re-bundles and a bundle is never
// stale.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, stop } from 'esbuild';

export type Entry = 'web' | 'worker';

export const bundlePath = (root: string, entry: Entry) =>
  path.join(root, process.env.NEXT_DIST_DIR || '.next', `switchboard-${entry}.mjs`);

export async function bundleEntry(root: string, entry: Entry): Promise<string> {
  const outfile = bundlePath(root, entry);
  const result = await build({
    entryPoints: [path.join(root, entry, 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules stay external, resolved from the repo as usual.
    packages: 'external',
    outfile,
    write: false,
    logLevel: 'warning',
  });
  // esbuild keeps a service process for later builds; there are none.
  await stop();
  // Several processes may start at once (npm run start:web and start:worker
  // together, or tests): each writes its own file and renames it over the
  // bundle, so a process starting meanwhile never loads a half-written one.
  const tmp = `${outfile}.${process.pid}.tmp`;
  mkdirSync(path.dirname(outfile), { recursive: true });
  writeFileSync(tmp, result.outputFiles[0]!.contents);
  renameSync(tmp, outfile);
  return outfile;
}

// V8 grows the heap lazily while far from its limit: under a webhook flood the
// web process climbed to ~380 MiB RSS of collectable garbage (its live heap
// stays ~40 MiB). A cap makes it collect sooner: ~150 MiB under the same load,
// same throughput; a young generation of 2 × 8 MiB instead of 2 × 16 takes
// another ~17 MiB off its peak at no measurable CPU cost. The worker has no
// hard cap: step outputs (up to 1 MiB each) of every run in flight can be live
// at once. Instead it collects once its heap has doubled since the last full
// collection (V8 lets it grow up to 4× while the allocation rate is high: its
// old space reached 154 MiB around a live heap of 45–85 MiB): peak ~226 → ~170
// MiB for a few % more CPU. Tighter settings cost more than they save (the
// README's "Where the memory and time go" has the figures).
const HEAP_FLAGS: Record<Entry, string[]> = {
  web: ['--max-old-space-size=192', '--max-semi-space-size=8'],
  worker: ['--heap-growing-percent=100'],
};

/** Node arguments that run a bundle. */
export const bundleNodeArgs = (entry: Entry, bundle: string) => [...HEAP_FLAGS[entry], bundle];

/** Node arguments that start a process: its bundle if built, else the TypeScript entry through tsx. */
export function entryArgs(root: string, entry: Entry): string[] {
  const bundle = bundlePath(root, entry);
  return existsSync(bundle)
    ? bundleNodeArgs(entry, bundle)
    : [...HEAP_FLAGS[entry], '--import', 'tsx', path.join(root, entry, 'main.ts')];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  for (const entry of ['web', 'worker'] as const) console.log(await bundleEntry(root, entry));
}
