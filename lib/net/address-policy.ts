import { AsyncLocalStorage } from 'node:async_hooks';
import ipaddr from 'ipaddr.js';
import { env } from '../env';

// Which addresses a step may connect to. Checked on the address actually
// connected to (see guarded-lookup.ts), so a DNS answer that changes between a
// check and the connect (DNS rebinding) cannot slip through.

/** Returns null when the address may be used, otherwise why not (for the error message). */
export type OutboundPolicy = { check(ip: string, port: number): string | null };

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

const LABELS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address (this machine)',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
};

/** Why an address is not on the public internet, or null when it is. */
export function nonPublicReason(ip: string): string | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'not a valid IP address';
  const addr = ipaddr.parse(bare);
  if (METADATA.has(addr.toNormalizedString()) || METADATA.has(addr.toString())) return 'the cloud metadata address';
  const range = addr.range();
  // Only ordinary global unicast passes; every special range (NAT64, 6to4,
  // Teredo, reserved, ...) can lead back to an internal address.
  if (range === 'unicast') return null;
  return LABELS[range] ?? `a reserved address (${range})`;
}

export const publicOnlyPolicy: OutboundPolicy = { check: (ip) => nonPublicReason(ip) };
export const allowAllPolicy: OutboundPolicy = { check: () => null };

const override = new AsyncLocalStorage<OutboundPolicy>();

/** Runs fn with a different policy (tests, and on-premises checks). */
export function withOutboundPolicy<T>(policy: OutboundPolicy, fn: () => Promise<T>): Promise<T> {
  return override.run(policy, fn);
}

/** The policy in force: an override, else OUTBOUND_ALLOW_PRIVATE. */
export function outboundPolicy(): OutboundPolicy {
  return override.getStore() ?? (env().OUTBOUND_ALLOW_PRIVATE ? allowAllPolicy : publicOnlyPolicy);
}
