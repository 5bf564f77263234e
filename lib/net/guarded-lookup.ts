import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { OutboundPolicy } from './address-policy';

// A refused destination. Never retried: the address will not become allowed.
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor(host: string, ip: string, reason: string) {
    const where = host === ip ? host : `${host} (${ip})`;
    super(`Refused to connect to ${where}: it is ${reason}. Set OUTBOUND_ALLOW_PRIVATE=true to allow private targets.`);
    this.name = 'BlockedAddressError';
  }
}

/** Throws BlockedAddressError when the literal IP host is not allowed; no-op for names. */
export function checkLiteralHost(host: string, port: number, policy: OutboundPolicy) {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!isIP(bare)) return;
  const reason = policy.check(bare, port);
  if (reason) throw new BlockedAddressError(bare, bare, reason);
}

/**
 * A `lookup` for net/http/tls: resolves like dns.lookup, then refuses the
 * connection if ANY resolved address is not allowed. Node connects to exactly
 * the addresses this returns, so the check and the connect see the same IP.
 */
export function guardedLookup(policy: OutboundPolicy, port: number): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as any)(err);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const reason = policy.check(a.address, port);
        if (reason) return (callback as any)(new BlockedAddressError(hostname, a.address, reason));
      }
      if (!list.length)
        return (callback as any)(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }));
      if ((options as dns.LookupOptions).all) return (callback as any)(null, list);
      (callback as any)(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Resolves a host to one allowed address (for clients that cannot take a lookup hook, e.g. SMTP). */
export async function resolveAllowed(host: string, port: number, policy: OutboundPolicy): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    checkLiteralHost(bare, port, policy);
    return bare;
  }
  const list = await dns.promises.lookup(bare, { all: true });
  for (const a of list) {
    const reason = policy.check(a.address, port);
    if (reason) throw new BlockedAddressError(bare, a.address, reason);
  }
  if (!list.length) throw Object.assign(new Error(`No address for ${bare}`), { code: 'ENOTFOUND' });
  return list[0]!.address;
}
