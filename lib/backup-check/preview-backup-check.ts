import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { backupCheckSchema } from '../integrations/webhook/trigger';
import { backupCheckOf, triggerConfigOf, type BackupCheckConfig } from './backup-check-config';
import { fetchItems, PollError } from './fetch-items';
import { seenRows } from './record-items';

// "Preview" in the editor: one read of the source, recording nothing, showing
// the items found and which ones a poll would take as new.

export const previewInput = z
  .object({
    /** The config to try (the editor's current one); default: the draft's, else the published one. */
    config: backupCheckSchema.optional(),
  })
  .default({});

const SHOWN = 50;
const PREVIEW_PAGES = 10;

export const previewItem = z.object({
  id: z.string(),
  /** Never seen: the next poll would run it (or record it as baseline, see willBeBaseline). */
  new: z.boolean(),
  /** How it was seen: webhook, backup-check, baseline (seen, not run) or backfill. */
  seenVia: z.string().nullable(),
  item: z.unknown(),
});

export const previewOutput = z.object({
  ok: z.boolean(),
  /** Why the read failed (ok: false), in words for the user. */
  error: z.string().optional(),
  found: z.number().int(),
  newCount: z.number().int(),
  withoutId: z.number().int(),
  pages: z.number().int(),
  truncated: z.boolean(),
  /** The next poll takes the baseline: these items are recorded as seen, not run. */
  willBeBaseline: z.boolean(),
  /** The first items (at most 50). */
  items: z.array(previewItem),
});

export type PreviewOutput = z.infer<typeof previewOutput>;

export async function previewBackupCheck(
  workspaceId: string,
  flowId: string,
  input: z.infer<typeof previewInput>,
): Promise<PreviewOutput> {
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: {
      draftGraph: true,
      publishedVersion: true,
      backupCheck: { select: { enabled: true, baselinePending: true } },
    },
  });
  if (!flow) throw notFound('Flow');
  let config: BackupCheckConfig | null = input.config ?? backupCheckOf(triggerConfigOf(flow.draftGraph));
  if (!config && flow.publishedVersion !== null) {
    const v = await db.flowVersion.findFirst({
      where: { flowId, workspaceId, version: flow.publishedVersion },
      select: { graph: true },
    });
    config = backupCheckOf(triggerConfigOf(v?.graph));
  }
  if (!config) throw new AppError('bad_request', 'Set up the backup check first: the list URL and the item ID path.');
  const willBeBaseline = !flow.backupCheck?.enabled || flow.backupCheck.baselinePending;
  const empty = { found: 0, newCount: 0, withoutId: 0, pages: 0, truncated: false, willBeBaseline, items: [] };
  let fetched;
  try {
    fetched = await fetchItems(config, {
      workspaceId,
      since: null,
      signal: AbortSignal.timeout(60_000),
      maxPages: PREVIEW_PAGES,
    });
  } catch (err) {
    if (err instanceof PollError) return { ok: false, error: err.message, ...empty };
    throw err;
  }
  const seen = await seenRows(
    flowId,
    fetched.items.map((i) => i.id),
  );
  const items = fetched.items.map((i) => ({
    id: i.id,
    new: !seen.has(i.id),
    seenVia: seen.get(i.id)?.source ?? null,
    item: i.item,
  }));
  return {
    ok: true,
    found: items.length,
    newCount: new Set(items.filter((i) => i.new).map((i) => i.id)).size,
    withoutId: fetched.withoutId,
    pages: fetched.pages,
    truncated: fetched.truncated,
    willBeBaseline,
    items: items.slice(0, SHOWN),
  };
}
