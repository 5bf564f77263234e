// Builds the Next.js app once. Several processes starting together take turns
// through a lock directory; the later ones find the build done.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function buildIfNeeded(root: string, force = false): Promise<void> {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!force && existsSync(buildId)) return;
  const lock = path.join(
    root,
    `.switchboard/build${process.env.NEXT_DIST_DIR ? `-${path.basename(process.env.NEXT_DIST_DIR)}` : ''}.lock`,
  );
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a build that died.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      if (!force && existsSync(buildId)) return;
    }
  }
  try {
    if (!force && existsSync(buildId)) return;
    console.log('switchboard: building the web app (first start only)...');
    const next = path.join(root, 'node_modules/next/dist/bin/next');
    const res = spawnSync(process.execPath, [next, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildIfNeeded(path.resolve(import.meta.dirname, '..'), true);
}
