import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_USER } from '@/lib/live/stream-slots';
import { waitFor } from '../helpers/ports';
import { baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// A signed-in person may hold at most MAX_STREAMS_PER_USER live run streams
// (GET /api/v1/runs/stream) at once: one more answers 429 with the JSON error
// and Retry-After, other people are not affected, and closing a stream frees
// its slot.

type Open = { status: number; close: () => void; json?: any; retryAfter?: string | null };

async function openStream(cookie: string): Promise<Open> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl()}/api/v1/runs/stream`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) {
    return { status: res.status, json: await res.json(), retryAfter: res.headers.get('retry-after'), close: () => {} };
  }
  // Read until `ready`, so the server has surely counted it; the rest stays open.
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('event: ready')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString('utf8');
  }
  return {
    status: 200,
    close: () => {
      reader.cancel().catch(() => {});
      controller.abort();
    },
  };
}

let a: Tenant;
let b: Tenant;
const held: Open[] = [];
beforeAll(async () => {
  [a, b] = await Promise.all([createTenant('streams-a'), createTenant('streams-b')]);
});
afterAll(() => {
  for (const s of held) s.close();
});

describe('live run streams per person', () => {
  it('the stream over the cap is refused 429; another person is not; closing one frees a slot', async () => {
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const s = await openStream(a.cookie);
      expect(s.status, `stream ${i + 1}`).toBe(200);
      held.push(s);
    }
    const over = await openStream(a.cookie);
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('rate_limited');
    expect(over.json.error.message).toContain(`at most ${MAX_STREAMS_PER_USER}`);
    expect(over.retryAfter).toBe('60');

    const other = await openStream(b.cookie);
    expect(other.status).toBe(200);
    held.push(other);

    held.shift()!.close();
    const again = await waitFor(
      async () => {
        const s = await openStream(a.cookie);
        return s.status === 200 ? s : null;
      },
      { what: 'a slot freed by the closed stream', timeoutMs: 15_000, intervalMs: 200 },
    );
    held.push(again);
    expect((await openStream(a.cookie)).status).toBe(429);
  });
});
