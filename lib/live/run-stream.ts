import { subscribeRunChanges } from './run-subscriber';
import { takeStreamSlot } from './stream-slots';

// GET /api/v1/runs/stream: Server-Sent Events with the workspace's run
// changes (`event: runs`, data = [{runId, flowId, status}]), optionally only
// one flow's or one run's. `ready` opens the stream; a heartbeat comment and a
// `ping` event every HEARTBEAT_MS keep proxies from closing an idle stream
// and let the browser tell a live stream from one a proxy silently cut (it
// then falls back to polling). Closing the page ends the subscription and
// gives back the owner's stream slot (stream-slots.ts: at most 20 at once).

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export function runChangeStream(
  signal: AbortSignal,
  workspaceId: string,
  only: { flowId?: string; runId?: string },
  owner: string,
): Response {
  // Taken before anything is subscribed: over the cap this throws a 429 AppError.
  const release = takeStreamSlot(owner);
  let cleanup = release;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = subscribeRunChanges(workspaceId, (changes) => {
        const mine = changes.filter(
          (c) => (!only.flowId || c.flowId === only.flowId) && (!only.runId || c.runId === only.runId),
        );
        if (mine.length) send(`event: runs\ndata: ${JSON.stringify(mine)}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: heartbeat\n\nevent: ping\ndata: {}\n\n`), HEARTBEAT_MS);
      let closed = false;
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        release();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', cleanup, { once: true });
      // A browser reconnects after this long if the stream drops.
      send(`retry: 3000\n: stream open\n\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: no compression buffering the stream; X-Accel-Buffering: nginx passes it on at once.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
