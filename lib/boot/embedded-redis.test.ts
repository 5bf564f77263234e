import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedRedisServer, installHint, redisServerBinary } from './embedded-redis';

// Finding a redis-server for REDIS_URL=embedded; building one is only tried
// when the tools are there (tests/integration/embedded-services.test.ts covers
// a failed download through npm start).

const cache = mkdtempSync(path.join(tmpdir(), 'switchboard-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const log = () => {};

describe('redisServerBinary', () => {
  it('takes redis-server from the PATH', async () => {
    const found = await redisServerBinary({
      pathEnv: process.env.PATH,
      cacheDir: cache,
      sourceUrl: 'http://127.0.0.1:9/x',
      log,
    });
    expect(path.basename(found)).toBe('redis-server');
  });

  it('without redis-server or build tools, fails with one line naming the install command and downloads nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'switchboard-path-'));
    try {
      const attempt = redisServerBinary({ pathEnv: empty, cacheDir: cache, sourceUrl: 'http://127.0.0.1:9/x', log });
      await expect(attempt).rejects.toThrow(
        `no redis-server on the PATH, and building one from source needs make, tar, a C compiler (cc). Install Redis (${installHint()}) or set REDIS_URL.`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('without redis-server, downloads the source with progress, builds it once with make, and keeps the binary in the cache', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'switchboard-redis-build-'));
    try {
      // A stand-in source tree whose make produces src/redis-server.
      const src = path.join(work, 'redis-stable');
      mkdirSync(src);
      writeFileSync(
        path.join(src, 'Makefile'),
        'all:\n\tmkdir -p src\n\tprintf "#!/bin/sh\\necho built\\n" > src/redis-server\n\tchmod +x src/redis-server\n',
      );
      // Incompressible padding, so the download has several progress steps.
      writeFileSync(
        path.join(src, 'padding'),
        Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(Math.random() * 256))),
      );
      execFileSync('tar', ['-czf', path.join(work, 'redis.tar.gz'), '-C', work, 'redis-stable']);
      const tarball = readFileSync(path.join(work, 'redis.tar.gz'));
      let downloads = 0;
      const server = createServer((_req, res) => {
        downloads++;
        res.writeHead(200, { 'content-length': String(tarball.length) });
        res.end(tarball);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/redis-stable.tar.gz`;
      // The build tools, but no redis-server.
      const bin = path.join(work, 'bin');
      mkdirSync(bin);
      for (const tool of ['make', 'tar', 'gzip', 'cc', 'sh', 'mkdir', 'chmod', 'printf']) {
        const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p));
        if (found) symlinkSync(found, path.join(bin, tool));
      }
      const cacheDir = path.join(work, 'cache');
      const lines: string[] = [];
      try {
        const opts = { pathEnv: bin, cacheDir, sourceUrl: url, log: (l: string) => lines.push(l) };
        const built = await redisServerBinary(opts);
        expect(built).toBe(cachedRedisServer(cacheDir));
        accessSync(built, constants.X_OK);
        expect(execFileSync(built, { encoding: 'utf8' }).trim()).toBe('built');
        expect(lines.some((l) => /downloading Redis… \d+%/.test(l))).toBe(true);
        expect(lines.some((l) => l.includes('building Redis'))).toBe(true);
        // Once: the next call uses the cached binary.
        expect(await redisServerBinary(opts)).toBe(built);
        expect(downloads).toBe(1);
        expect(existsSync(path.join(cacheDir, `redis-build-${process.pid}`))).toBe(false);
      } finally {
        server.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
