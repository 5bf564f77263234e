import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowEvents, triggerOnlyGraph, waitForFinishedRun } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// A backup check whose source lists items PostgreSQL cannot store as they are
// (NUL in a key and in the id, a lone surrogate, 6,000 levels of nesting),
// against the suite's web and worker. Before, the poll's insert was refused,
// the poll failed on every retry and never advanced, so the good items beside
// them never ran either. Now each item is stored cleaned or cut with a note.

const deep = `${'['.repeat(6000)}0${']'.repeat(6000)}`;
// JSON text, so the escapes reach JSON.parse as the source wrote them.
const hostileItems = `[
  {"id": "good", "email": "ann@example.test"},
  {"id": "nul-key", "k\\u0000": "v"},
  {"id": "nul\\u0000id", "x": 1},
  {"id": "lone", "v": "a\\ud800b"},
  {"id": "deep", "d": ${deep}}
]`;

let source: Awaited<ReturnType<typeof startRecordingServer>>;
let listed = '[]';
let t: Tenant;

beforeAll(async () => {
  source = await startRecordingServer(() => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: `{"items": ${listed}}`,
  }));
  t = await createTenant('hostile-backup');
});
afterAll(() => source?.close());

const status = async (flowId: string) => (await api(`/api/v1/flows/${flowId}/backup-check`, { key: t.apiKey })).json;

async function polledSince(flowId: string, after: Date) {
  return waitFor(
    async () => {
      const s = await status(flowId);
      return s.lastSuccessAt && new Date(s.lastSuccessAt) >= new Date(after.getTime() - 1) && !s.baselinePending
        ? s
        : null;
    },
    { what: 'a successful poll' },
  );
}

describe('a backup check poll with items that cannot be stored as they are', () => {
  it('stores each one cleaned or cut with a note, runs them once, and advances', async () => {
    const backupCheck = { url: `${source.url}/items`, itemsPath: 'items', idPath: 'id', intervalMinutes: 60 };
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'hostile items', graph: triggerOnlyGraph({ backupCheck }) },
    });
    expect(created.status).toBe(201);
    const flowId = created.json.id as string;
    expect((await api(`/api/v1/flows/${flowId}/publish`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    await polledSince(flowId, new Date(0)); // the baseline: nothing listed yet

    listed = hostileItems;
    const started = new Date();
    expect((await api(`/api/v1/flows/${flowId}/backup-check/poll`, { key: t.apiKey, method: 'POST' })).status).toBe(
      202,
    );
    const s = await polledSince(flowId, started);
    expect(s.lastPollError).toBeNull();

    const events = (await flowEvents(t, flowId)).filter((e) => e.source === 'backup-check');
    const byId = new Map(events.map((e) => [e.body.id, e]));
    expect([...byId.keys()].sort()).toEqual(['deep', 'good', 'lone', 'nul-key', 'nul\ufffdid']);
    expect(byId.get('good')!.body).toEqual({ id: 'good', email: 'ann@example.test' });
    expect(byId.get('nul-key')!.body).toMatchObject({ 'k\ufffd': 'v', _storage: { cleaned: true } });
    expect(byId.get('lone')!.body).toMatchObject({ v: 'a\ufffdb', _storage: { cleaned: true } });
    expect(byId.get('deep')!.body._storage).toMatchObject({ truncated: true });
    for (const e of events) expect((await waitForFinishedRun(e.id)).status).toBe('succeeded');

    // The next poll sees them all as seen: nothing new, one event each.
    const again = new Date();
    expect((await api(`/api/v1/flows/${flowId}/backup-check/poll`, { key: t.apiKey, method: 'POST' })).status).toBe(
      202,
    );
    await polledSince(flowId, again);
    expect((await flowEvents(t, flowId)).filter((e) => e.source === 'backup-check')).toHaveLength(5);
  });
});
