import ipaddr from 'ipaddr.js';

// Whether a URL the app hands out (a webhook URL, built from APP_URL) names a
// host that a service on the internet cannot reach: localhost, a loopback,
// private, link-local or shared address, or a single-label name only a local
// network resolves. Pure, so the editor can use it in the browser.

/** Why a form service on the internet cannot reach this URL, or null when it names a public host. */
export function unreachableHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this computer`;
  if (ipaddr.isValid(host)) {
    let addr = ipaddr.parse(host);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
      addr = (addr as ipaddr.IPv6).toIPv4Address();
    const range = addr.range();
    if (range === 'unicast') return null;
    return range === 'loopback' ? `${host} is this computer` : `${host} is a private or local network address`;
  }
  if (!host.includes('.') || /\.(local|lan|internal|home\.arpa|intranet|corp)$/.test(host)) {
    return `${host} is a name only your local network knows`;
  }
  return null;
}
