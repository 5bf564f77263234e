// Rate limit on refused webhook requests, per client address, in this process.
// A client whose requests to one webhook URL were refused REFUSALS_PER_MINUTE
// times this minute (bad signature, too large, unparsable, over the flow's
// own limit), or who asked for UNKNOWN_PER_MINUTE unknown URLs (scanning),
// is answered 429 straight away for the rest of the minute — before the flow
// is looked up or the body read, and without a row: a flood costs a map
// lookup per request. Requests that pass are never counted, so a sender that
// gets through is never limited here; other clients of the same flow are not
// affected. The per-flow limit of the contract (rateLimitPerMinute, shared
// through Redis) is separate.

export const REFUSALS_PER_MINUTE = 60;
export const UNKNOWN_PER_MINUTE = 300;
/** Entries kept at most; a flood from ever new addresses cannot grow memory without bound. */
const MAX_ENTRIES = 50_000;

type Window = { minute: number; n: number };
const windows = new Map<string, Window>();

const minuteNow = () => Math.floor(Date.now() / 60_000);
const keyOf = (ip: string, token: string | null) => (token === null ? ip : `${ip} ${token}`);

/** Seconds until the client may try again, or 0 when its requests to this URL are not blocked. */
export function refusalBlock(ip: string | undefined, token: string): number {
  if (!ip || windows.size === 0) return 0;
  const minute = minuteNow();
  const over = (key: string, limit: number) => {
    const w = windows.get(key);
    return !!w && w.minute === minute && w.n >= limit;
  };
  if (!over(keyOf(ip, token), REFUSALS_PER_MINUTE) && !over(keyOf(ip, null), UNKNOWN_PER_MINUTE)) return 0;
  return Math.max(1, Math.ceil(((minute + 1) * 60_000 - Date.now()) / 1000));
}

/** Counts a refusal of a request to `token`; null: the token is unknown (404). */
export function noteRefusal(ip: string | undefined, token: string | null): void {
  if (!ip) return;
  const minute = minuteNow();
  const key = keyOf(ip, token);
  const w = windows.get(key);
  if (w && w.minute === minute) {
    w.n++;
    return;
  }
  if (windows.size >= MAX_ENTRIES) {
    for (const [k, old] of windows) if (old.minute < minute) windows.delete(k);
    if (windows.size >= MAX_ENTRIES) windows.delete(windows.keys().next().value!);
  }
  windows.delete(key);
  windows.set(key, { minute, n: 1 });
}
