import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './ports';

// Redis through Sentinel, all of its own on free ports of 127.0.0.1: a master
// and a replica (noeviction, AOF) and three Sentinels (quorum 2). Used by
// tests/integration/sentinel.test.ts and `npm run bench -- sentinel`.

export type SentinelTopology = {
  name: string;
  master: number;
  replica: number;
  sentinels: number[];
  /** REDIS_SENTINELS for the app: 127.0.0.1:port,… */
  sentinelsEnv: string;
  /** The master's port as a Sentinel names it now. */
  masterPort(sentinel?: number): Promise<number>;
  /** SENTINEL FAILOVER, then waits until another Sentinel names a new master; returns its port. */
  failover(): Promise<number>;
  stop(): Promise<void>;
};

export function redisClient(port: number): Redis {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on('error', () => {});
  return r;
}

export async function startSentinels(name = 'sb'): Promise<SentinelTopology> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-sentinel-'));
  const servers: ChildProcess[] = [];
  const redisServer = (args: string[]) => servers.push(spawn('redis-server', args, { stdio: 'ignore' }));
  const stop = async () => {
    for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGTERM');
    await Promise.all(
      servers.map(
        (s) => new Promise((r) => (s.exitCode !== null || s.signalCode !== null ? r(null) : s.once('exit', r))),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  const masterPort = async (sentinel: number) => {
    const s = redisClient(sentinel);
    await s.connect();
    try {
      const [, port] = (await s.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as [string, string];
      return Number(port);
    } finally {
      s.disconnect();
    }
  };
  try {
    const [master, replica, ...sentinels] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    for (const [port, extra] of [
      [master!, []],
      [replica!, ['--replicaof', '127.0.0.1', String(master)]],
    ] as const) {
      mkdirSync(path.join(dir, String(port)));
      redisServer([
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        path.join(dir, String(port)),
        '--save',
        '',
        '--appendonly',
        'yes',
        '--maxmemory-policy',
        'noeviction',
        ...extra,
      ]);
    }
    for (const port of sentinels) {
      const conf = path.join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${master} 2`,
          `sentinel down-after-milliseconds ${name} 2000`,
          `sentinel failover-timeout ${name} 10000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      redisServer([conf, '--sentinel']);
    }
    // Ready when every Sentinel knows the replica and the other Sentinels (quorum reachable).
    await waitFor(
      async () => {
        for (const port of sentinels) {
          const s = redisClient(port);
          try {
            await s.connect();
            const replicas = (await s.call('SENTINEL', 'REPLICAS', name)) as unknown[];
            const ok = await s.call('SENTINEL', 'CKQUORUM', name);
            if (!replicas.length || !String(ok).startsWith('OK')) return false;
          } catch {
            return false;
          } finally {
            s.disconnect();
          }
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the Sentinels to see the replica and each other' },
    );
    return {
      name,
      master: master!,
      replica: replica!,
      sentinels,
      sentinelsEnv: sentinels.map((p) => `127.0.0.1:${p}`).join(','),
      masterPort: (sentinel = sentinels[0]!) => masterPort(sentinel),
      async failover() {
        const before = await masterPort(sentinels[0]!);
        const s = redisClient(sentinels[0]!);
        try {
          await s.connect();
          await s.call('SENTINEL', 'FAILOVER', name);
        } finally {
          s.disconnect();
        }
        const promoted = await waitFor(
          async () => {
            const now = await masterPort(sentinels[1]!);
            return now !== before ? now : null;
          },
          { timeoutMs: 60_000, intervalMs: 100, what: 'the Sentinels to name the new master' },
        );
        // The old master keeps answering as a master until the Sentinels turn
        // it into a replica; only then do clients that were on it get READONLY
        // and ask the Sentinels again. Wait for that, so what follows runs on
        // the promoted node alone.
        const old = redisClient(before);
        try {
          await old.connect();
          await waitFor(async () => ((await old.call('ROLE')) as string[])[0] === 'slave' || null, {
            timeoutMs: 60_000,
            intervalMs: 200,
            what: 'the old master to become a replica',
          });
        } finally {
          old.disconnect();
        }
        return promoted;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
