import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, waitForFinishedRun } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startWeb, type Proc } from '../helpers/processes';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// GET /metrics: off (404) without METRICS_TOKEN, bearer-protected with it, and
// system-wide: events taken by the suite's web process and runs executed by
// the suite's worker show up when a different web instance is scraped.

const TOKEN = 'metrics-token-0123456789abcdef';
let web: Proc & { url: string };
let tenant: Tenant;

beforeAll(async () => {
  web = await startWeb({ METRICS_TOKEN: TOKEN });
  tenant = await createTenant('metrics');
}, 90_000);
afterAll(async () => {
  await web?.kill('SIGTERM');
});

async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    // Every sample line is `name{labels} value` in the Prometheus text format.
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|NaN|[+-]Inf)$/i.exec(line);
    expect(m, `malformed line: ${line}`).not.toBeNull();
    samples.set(m![1]!, Number(m![2]));
  }
  return samples;
}

const value = (s: Map<string, number>, key: string) => s.get(key) ?? 0;

describe('GET /metrics', () => {
  it('answers 404 when METRICS_TOKEN is unset, 401 without the right bearer token', async () => {
    expect((await fetch(`${baseUrl()}/metrics`)).status).toBe(404);
    expect((await fetch(`${web.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${web.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status,
    ).toBe(401);
  });

  it('counts events by outcome and refusals by reason, runs and step durations — from any instance', async () => {
    const before = await scrape();
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: { dedupeKeyPath: 'id' }, position: { x: 0, y: 0 } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}' },
          position: { x: 0, y: 100 },
        },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'metrics', graph } });
    expect(created.status).toBe(201);
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { key: tenant.apiKey, method: 'POST' })).status).toBe(
      200,
    );
    const url: string = created.json.webhookUrl;

    // Sent to the suite's web process, scraped from this test's own instance.
    const a = await postJson(url, { id: 'a', email: 'a@example.test' });
    const b = await postJson(url, { id: 'b', email: 'b@example.test' });
    expect((await postJson(url, { id: 'a', email: 'a@example.test' })).status).toBe(200);
    expect((await postJson(`${baseUrl()}/hooks/no-such-token-${Date.now()}`, {})).status).toBe(404);
    await waitForFinishedRun(a.json.eventId);
    await waitForFinishedRun(b.json.eventId);

    const after = await waitFor(
      async () => {
        const s = await scrape();
        const ok =
          value(s, 'switchboard_events_total{status="accepted"}') -
            value(before, 'switchboard_events_total{status="accepted"}') >=
            2 &&
          value(s, 'switchboard_events_total{status="duplicate"}') -
            value(before, 'switchboard_events_total{status="duplicate"}') >=
            1 &&
          value(s, 'switchboard_events_refused_total{reason="not_found"}') -
            value(before, 'switchboard_events_refused_total{reason="not_found"}') >=
            1 &&
          value(s, 'switchboard_runs_finished_total{status="succeeded"}') -
            value(before, 'switchboard_runs_finished_total{status="succeeded"}') >=
            2;
        return ok ? s : null;
      },
      { timeoutMs: 15_000, intervalMs: 500, what: 'the counters to reach Redis' },
    );
    const inf = 'switchboard_step_duration_seconds_bucket{type="crm.upsertContact",le="+Inf"}';
    expect(value(after, inf) - value(before, inf)).toBeGreaterThanOrEqual(2);
    expect(value(after, 'switchboard_step_duration_seconds_count{type="crm.upsertContact"}')).toBe(value(after, inf));
    expect(value(after, 'switchboard_step_duration_seconds_sum{type="crm.upsertContact"}')).toBeGreaterThan(0);

    // Gauges read at scrape time from Redis and PostgreSQL.
    expect(after.has('switchboard_queue_jobs{state="waiting"}')).toBe(true);
    expect(after.has('switchboard_queue_oldest_waiting_seconds')).toBe(true);
    expect(value(after, 'switchboard_workers')).toBeGreaterThanOrEqual(1);
    expect(after.has('switchboard_runs{status="queued"}')).toBe(true);
    expect(after.has('process_resident_memory_bytes')).toBe(true);
  });
});
