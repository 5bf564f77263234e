import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installHint, redisServerBinary } from './embedded-redis';

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
});
