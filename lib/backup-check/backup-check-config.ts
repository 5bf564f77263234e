import { createHash } from 'node:crypto';
import { cleanText } from '../db/storable';
import { env } from '../env';
import { valueAtPath } from '../ingest/hook-settings';
import { backupCheckSchema } from '../integrations/webhook/trigger';
import type { z } from 'zod';

// Reading a trigger's backup check config and the ids of items, the same way
// for webhook bodies and polled items.

export type BackupCheckConfig = z.infer<typeof backupCheckSchema>;

const asObject = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** The trigger's backup check when it is configured validly, else null (enabled or not). */
export function backupCheckOf(trigger: unknown): BackupCheckConfig | null {
  const raw = asObject(trigger)?.backupCheck;
  if (raw === undefined || raw === null) return null;
  const parsed = backupCheckSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The trigger config inside a flow graph (the one trigger.webhook node). */
export function triggerConfigOf(graph: unknown): Record<string, unknown> | null {
  const nodes = asObject(graph)?.nodes;
  if (!Array.isArray(nodes)) return null;
  const trigger = nodes.find((n) => asObject(n)?.type === 'trigger.webhook');
  return asObject(asObject(trigger)?.config);
}

/** Milliseconds between polls. BACKUP_CHECK_MINUTE_MS lets tests count minutes short. */
export const intervalMs = (c: Pick<BackupCheckConfig, 'intervalMinutes'>) =>
  c.intervalMinutes * env().BACKUP_CHECK_MINUTE_MS;

/** What identifies "the same source": a change means the items there are new to us and need a new baseline. */
export const sourceKeyOf = (c: BackupCheckConfig) =>
  createHash('sha256')
    .update(JSON.stringify([c.url, c.itemsPath, c.idPath]))
    .digest('hex')
    .slice(0, 32);

/** Reads a value at a dotted path; the empty path is the value itself. */
export function valueAt(value: unknown, path: string): unknown {
  return path === '' ? value : valueAtPath(value, path);
}

/** An item's id as stored in seen_item: strings and numbers, long ones hashed. */
export function itemIdAt(value: unknown, path: string): string | null {
  const raw = valueAt(value, path);
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw !== 'string' || raw === '') return null;
  // A text column refuses NUL; ingest cleans webhook bodies the same way, so both paths agree on the id.
  const v = cleanText(raw);
  return v.length <= 200 ? v : `sha256:${createHash('sha256').update(v).digest('hex')}`;
}
