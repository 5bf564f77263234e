// Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3).
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const raw = headers['retry-after']?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
