import { logger } from '../log';
import { enqueue } from '../queue/queues';
import { sharedProducer, whenReady } from '../queue/redis';

// Outbox hand-off: called after the event row is committed. It never delays
// or fails the webhook's answer — if Redis is down or slow the job is simply
// not added now, and the worker's sweeper (sweep-events.ts) adds it from
// PostgreSQL within seconds of Redis answering again. jobId = eventId makes a
// second add of the same event a no-op.
export function enqueueAcceptedEvent(eventId: string): void {
  const redis = sharedProducer();
  const ready = redis.status === 'ready' ? Promise.resolve() : whenReady(redis, 1000);
  ready
    .then(() => enqueue('event.accepted', { eventId }, { jobId: eventId }))
    .catch((err: Error) => logger.warn({ eventId, err: err.message }, 'event not enqueued now; the sweeper will'));
}
