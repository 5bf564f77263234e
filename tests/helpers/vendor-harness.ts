import { startRecordingServer, type Recorded, type Reply } from './recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step, type Node } from './run-flows';
import { createConnection } from './step-context';
import { api, createTenant, type Tenant } from './tenant';

// Shared by the app tests (lib/integrations/<app>/<app>.test.ts): a local
// server standing in for the vendor (each test's handler checks requests the
// vendor's way and answers with the vendor's documented shapes), and one-step
// flows published through the REST API, fed an event, run by the suite's
// worker and read back.

export type Timed = Recorded & { at: number };

export async function startVendor() {
  const server = await startRecordingServer(() => ({ status: 500 }));
  const seen: Timed[] = [];
  return {
    url: server.url,
    /** Requests since the last `reply`, with their arrival time. */
    requests: seen,
    /** Answers the next requests with `handler`; its second argument counts from 0 since this call. */
    reply(handler: (req: Recorded, n: number) => Reply) {
      seen.length = 0;
      server.reply((req) => {
        seen.push({ ...req, at: Date.now() });
        return handler(req, seen.length - 1);
      });
    },
    close: server.close,
  };
}

export type Vendor = Awaited<ReturnType<typeof startVendor>>;

/** Answers `first` to the first request, then `then` to every later one. */
export const firstThen =
  (first: Reply, then: Reply | ((req: Recorded) => Reply)) =>
  (req: Recorded, n: number): Reply =>
    n === 0 ? first : typeof then === 'function' ? then(req) : then;

export async function appTenant(label: string) {
  return createTenant(label);
}

export { createConnection };

/** Retries fast in tests, so Retry-After (when longer) decides the wait. */
export const FAST_RETRY = { attempts: 3, backoffMs: 50 };

/** Publishes a flow of one step (with FAST_RETRY), sends `event`, and returns the finished run and that step. */
export async function runOneStep(t: Tenant, node: Omit<Node, 'id'>, event: unknown = {}) {
  const flow = await publishedFlow(t, chain([{ id: 'app', retry: FAST_RETRY, ...node }]), `app ${node.type}`);
  const run = await finishedRun(t, { eventId: await sendEvent(flow.url, event) }, 60_000);
  return { run, step: step(run, 'app') };
}

/** "Check connection" through the REST API. */
export async function checkConnection(t: Tenant, id: string): Promise<{ ok: boolean; message: string }> {
  const res = await api(`/api/v1/connections/${id}/test`, { key: t.apiKey, method: 'POST', body: {} });
  if (res.status !== 200) throw new Error(`check: ${res.status} ${res.text}`);
  return res.json;
}

export const json = (r: Recorded) => JSON.parse(r.body);
