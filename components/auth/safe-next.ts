// Where sign-in sends the person afterwards: only a path of this site. The
// value is resolved the way a browser would (backslashes count as slashes,
// tabs and newlines are dropped), so "/\evil", "/%09/evil" (a tab once
// decoded) and "//evil" cannot leave the site; what comes back is the
// resolved path, never the raw input.

const FALLBACK = '/flows';
const BASE = 'http://switchboard.invalid';

export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return FALLBACK;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== BASE) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Resolved once more as a relative reference it must still start with a single slash.
  return path.startsWith('/') && !path.startsWith('//') ? path : FALLBACK;
}
