import type { Redis } from 'ioredis';
import { logger } from '../log';
import { producerConnection } from '../queue/redis';
import { runChangesChannel, type RunChangeMessage } from './run-changes';

// The web process's one Redis subscriber connection, shared by every open
// event stream: a workspace's channel is subscribed while at least one of its
// streams is open. Handlers get the parsed changes of their workspace.

type Listener = (changes: RunChangeMessage[]) => void;

const globalForLive = globalThis as unknown as {
  __switchboardLive?: { redis: Redis; listeners: Map<string, Set<Listener>> };
};

function live() {
  if (globalForLive.__switchboardLive) return globalForLive.__switchboardLive;
  // Subscriber mode needs an offline queue (SUBSCRIBE is re-sent after a reconnect by ioredis).
  const redis = producerConnection(undefined, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  });
  const listeners = new Map<string, Set<Listener>>();
  redis.on('message', (channel: string, text: string) => {
    const set = listeners.get(channel);
    if (!set?.size) return;
    let changes: RunChangeMessage[];
    try {
      changes = JSON.parse(text) as RunChangeMessage[];
    } catch {
      return;
    }
    for (const l of set) l(changes);
  });
  return (globalForLive.__switchboardLive = { redis, listeners });
}

/** Calls `listener` with each batch of the workspace's run changes until the returned function is called. */
export function subscribeRunChanges(workspaceId: string, listener: Listener): () => void {
  const { redis, listeners } = live();
  const channel = runChangesChannel(workspaceId);
  let set = listeners.get(channel);
  if (!set) {
    listeners.set(channel, (set = new Set()));
    redis.subscribe(channel).catch((err: Error) => logger.warn({ err: err.message }, 'live runs: subscribe failed'));
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(channel) === set) {
      listeners.delete(channel);
      redis.unsubscribe(channel).catch(() => {});
    }
  };
}
