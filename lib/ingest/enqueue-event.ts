import { logger } from '../log';
import { enqueueMany } from '../queue/queues';
import { sharedProducer, whenReady } from '../queue/redis';
import { createBatcher } from '../db/batcher';

// Outbox hand-off: called after the event row is committed. It never delays
// or fails the webhook's answer — if Redis is down or slow the job is simply
// not added now, and the worker's sweeper (sweep-events.ts) adds it from
// PostgreSQL within seconds of Redis answering again. jobId = eventId makes a
// second add of the same event a no-op. Adds arriving together go to Redis in
// one round trip.

const addJobs = createBatcher<string, true>(
  async (eventIds) => {
    const redis = sharedProducer();
    if (redis.status !== 'ready') await whenReady(redis, 1000);
    await enqueueMany(
      'event.accepted',
      eventIds.map((eventId) => ({ payload: { eventId }, jobId: eventId })),
    );
    return eventIds.map(() => true as const);
  },
  { maxBatch: 500, maxInFlight: 2 },
);

export function enqueueAcceptedEvent(eventId: string): void {
  addJobs(eventId).catch((err: Error) =>
    logger.warn({ eventId, err: err.message }, 'event not enqueued now; the sweeper will'),
  );
}
