import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { isConnectionNameTaken } from '@/lib/connections/connection-name-free';
import { db } from '@/lib/db';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Connection names are unique per workspace, ignoring case, also when two
// writes race: the check in the write's transaction gives the friendly error,
// the unique index on (workspaceId, lower(name)) decides a race, and losing it
// answers the same 400 JSON error.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('conn-race');
});

const httpConnection = (name: string) => ({
  type: 'http',
  name,
  config: { auth: { type: 'bearer', token: 'tok' } },
});
const rawRow = (name: string) => ({
  workspaceId: t.workspaceId,
  type: 'http',
  name,
  config: {},
  secret: 'not-a-real-ciphertext',
  keyId: 'k0',
});
const sameError = (name: string) => ({
  error: {
    code: 'invalid_input',
    message: `A connection named "${name}" already exists in this workspace; choose another name.`,
    details: [{ path: 'name', message: 'Another connection already has this name' }],
  },
});

describe('connection names under concurrent writes', () => {
  it('ten simultaneous creates of one name (any case): one 201, nine times the same 400', async () => {
    const base = `Race ${randomUUID().slice(0, 8)}`;
    const names = Array.from({ length: 10 }, (_, i) => (i % 2 ? base.toUpperCase() : base.toLowerCase()));
    const answers = await Promise.all(
      names.map((name) => api('/api/v1/connections', { key: t.apiKey, body: httpConnection(name) })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.map((a, i) => ({ a, name: names[i]! })).filter(({ a }) => a.status !== 201);
    for (const { a, name } of refused) {
      expect(a.status).toBe(400);
      expect(a.json).toEqual(sameError(name));
    }
    expect(
      await db.connection.count({ where: { workspaceId: t.workspaceId, name: { equals: base, mode: 'insensitive' } } }),
    ).toBe(1);
  });

  it('a create that passed the check but loses the race at the index answers the same 400', async () => {
    const name = `Held ${randomUUID().slice(0, 8)}`;
    let answer: Awaited<ReturnType<typeof api>> | undefined;
    await db.$transaction(
      async (tx) => {
        // Not yet committed: the API's check cannot see it, its INSERT must wait on the index.
        await tx.connection.create({ data: rawRow(name), select: { id: true } });
        const request = api('/api/v1/connections', { key: t.apiKey, body: httpConnection(name.toUpperCase()) }).then(
          (a) => (answer = a),
        );
        const waiting = async () => {
          for (;;) {
            const [row] = await db.$queryRaw<{ n: number }[]>`
              SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO%"connection"%'`;
            if (row!.n > 0) return;
            await new Promise((r) => setTimeout(r, 50));
          }
        };
        // Without the index the INSERT never waits: the API answers while this row is still uncommitted.
        await Promise.race([request, waiting()]);
      },
      { timeout: 30_000 },
    );
    for (let i = 0; i < 600 && !answer; i++) await new Promise((r) => setTimeout(r, 50));
    expect(answer?.status).toBe(400);
    expect(answer?.json).toEqual(sameError(name.toUpperCase()));
  });

  it('the database itself refuses a second name differing only in case', async () => {
    const name = `Direct ${randomUUID().slice(0, 8)}`;
    await db.connection.create({ data: rawRow(name), select: { id: true } });
    const err = await db.connection.create({ data: rawRow(name.toLowerCase()), select: { id: true } }).catch((e) => e);
    expect(isConnectionNameTaken(err)).toBe(true);
  });
});
