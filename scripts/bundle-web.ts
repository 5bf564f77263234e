// Compiles the web process entry (web/main.ts and the lib/ code it imports)
// into one ES module next to the Next build. Running it as plain JavaScript
// instead of through tsx keeps ~80 MiB of loader and source-map memory out of
// every web process (measured: 292 → 212 MiB RSS). Takes well under a second,
// so every start re-bundles and the bundle is never stale.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build, stop } from 'esbuild';

export const webBundlePath = (root: string) => path.join(root, process.env.NEXT_DIST_DIR || '.next', 'switchboard-web.mjs');

export async function bundleWeb(root: string): Promise<string> {
  const outfile = webBundlePath(root);
  await build({
    entryPoints: [path.join(root, 'web/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules stay external, resolved from the repo as usual.
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  // esbuild keeps a service process for later builds; there are none.
  await stop();
  return outfile;
}

// V8 grows the heap lazily while far from its limit: under a webhook flood the
// web process climbed to ~380 MiB RSS of collectable garbage (its live heap
// stays ~40 MiB). A cap makes it collect sooner: ~150 MiB under the same load,
// same throughput.
const HEAP_FLAGS = ['--max-old-space-size=192'];

/** Node arguments that run a web bundle. */
export const webNodeArgs = (bundle: string) => [...HEAP_FLAGS, bundle];

/** Node arguments that start the web process: the bundle if built, else the TypeScript entry through tsx. */
export function webArgs(root: string): string[] {
  const bundle = webBundlePath(root);
  return existsSync(bundle) ? webNodeArgs(bundle) : [...HEAP_FLAGS, '--import', 'tsx', path.join(root, 'web/main.ts')];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await bundleWeb(path.resolve(import.meta.dirname, '..')));
}
