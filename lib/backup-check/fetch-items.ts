import { httpAuthHeaders } from '../connections/http-auth-headers';
import { loadConnectionForStep } from '../connections/load-connection-for-step';
import { mergeSecret } from '../connections/split-secret';
import { OutboundError, outboundRequest } from '../net/outbound-request';
import { itemIdAt, valueAt, type BackupCheckConfig } from './backup-check-config';

// One read of the source: GET the list URL (with the connection's auth and
// the "since" value), follow the pages, and return the items with their ids.
// Every request goes through the SSRF-guarded client. Anything wrong with any
// page (refused, 5xx, not JSON, items not a list) fails the whole read, so a
// broken response can never turn into events.

export const MAX_PAGES = 100;
export const MAX_ITEMS_READ = 50_000;
const PAGE_MAX_BYTES = 5 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 30_000;

export class PollError extends Error {
  override name = 'PollError';
}

export type FetchedItem = { id: string; item: unknown };

export type FetchResult = {
  items: FetchedItem[];
  /** Items that had no usable id at idPath (skipped). */
  withoutId: number;
  pages: number;
  /** Stopped at MAX_PAGES / MAX_ITEMS_READ with more pages left. */
  truncated: boolean;
};

export async function fetchItems(
  config: BackupCheckConfig,
  opts: { workspaceId: string; since: string | null; signal?: AbortSignal; maxPages?: number },
): Promise<FetchResult> {
  const plain: Record<string, string> = { accept: 'application/json', 'user-agent': 'Switchboard backup check' };
  const headers = { ...plain };
  if (config.connection) {
    let conn;
    try {
      conn = await loadConnectionForStep(opts.workspaceId, config.connection, ['http']);
    } catch (err) {
      throw new PollError((err as Error).message);
    }
    Object.assign(headers, httpAuthHeaders(mergeSecret(conn.config, conn.secret)));
  }

  let url = firstUrl(config, opts.since);
  const origin = new URL(url).origin;
  const visited = new Set<string>();
  const items: FetchedItem[] = [];
  let withoutId = 0;
  let pages = 0;
  let read = 0;
  for (;;) {
    visited.add(url);
    // The connection's auth is for the source's origin only: a next-page URL
    // pointing elsewhere (the source's answer is untrusted) is read without it.
    const body = await getPage(url, new URL(url).origin === origin ? headers : plain, opts.signal);
    pages += 1;
    const list = valueAt(body, config.itemsPath);
    if (!Array.isArray(list)) {
      throw new PollError(
        config.itemsPath
          ? `The response has no list at "${config.itemsPath}" (check the items path).`
          : 'The response is not a list of items (set the items path).',
      );
    }
    for (const item of list) {
      const id = itemIdAt(item, config.idPath);
      if (id === null) withoutId += 1;
      else items.push({ id, item });
    }
    read += list.length;
    if (list.length > 0 && items.length === 0 && withoutId === read) {
      throw new PollError(`None of the ${read} items has a value at "${config.idPath}" (check the item ID path).`);
    }
    const next = config.nextPath ? nextUrl(config, url, valueAt(body, config.nextPath)) : null;
    if (!next || visited.has(next) || list.length === 0) return { items, withoutId, pages, truncated: false };
    if (pages >= (opts.maxPages ?? MAX_PAGES) || read >= MAX_ITEMS_READ)
      return { items, withoutId, pages, truncated: true };
    url = next;
  }
}

function firstUrl(config: BackupCheckConfig, since: string | null): string {
  const url = new URL(config.url);
  if (config.sinceParam && since) url.searchParams.set(config.sinceParam, since);
  return url.href;
}

/** The next page: a URL (relative ones resolved against this page), or a cursor put in cursorParam. */
function nextUrl(config: BackupCheckConfig, current: string, next: unknown): string | null {
  if (typeof next === 'number') next = String(next);
  if (typeof next !== 'string' || next === '') return null;
  if (config.cursorParam) {
    const url = new URL(current);
    url.searchParams.set(config.cursorParam, next);
    return url.href;
  }
  try {
    return new URL(next, current).href;
  } catch {
    throw new PollError(
      `The next-page value at "${config.nextPath}" is not a URL (set the cursor parameter if it is a cursor).`,
    );
  }
}

async function getPage(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
  let res;
  try {
    res = await outboundRequest({
      method: 'GET',
      url,
      headers,
      signal,
      timeoutMs: PAGE_TIMEOUT_MS,
      maxBytes: PAGE_MAX_BYTES,
    });
  } catch (err) {
    throw new PollError(
      err instanceof OutboundError ? err.message : `Could not read the source: ${(err as Error).message}`,
    );
  }
  const where = new URL(url).host;
  if (res.status === 401 || res.status === 403) {
    throw new PollError(`${where} refused the credentials (HTTP ${res.status}); check the connection.`);
  }
  if (res.status < 200 || res.status >= 300) throw new PollError(`${where} answered HTTP ${res.status}.`);
  if (res.truncated) throw new PollError(`A page from ${where} is larger than ${PAGE_MAX_BYTES / 1024 / 1024} MiB.`);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new PollError(`${where} did not answer with JSON.`);
  }
}
