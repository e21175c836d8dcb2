import { BlockList, isIP } from 'node:net';

/**
 * Addresses an https:// load may never reach (G21: no SSRF into the cluster or the cloud metadata
 * service): loopback, private, link-local, carrier-grade NAT, benchmark, multicast and reserved ranges
 * (IANA special-purpose registries). IPv4-mapped IPv6 addresses are checked as their IPv4 address.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True for addresses no https:// load may connect to. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * An allow-list entry is a host name (`raw.example.com`), a wildcard for its subdomains
 * (`*.example.com`), either optionally with a port (`host:8443`). Without a port only 443 is allowed.
 */
export function isAllowedHost(hostname: string, port: string, allowList: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const effectivePort = port === '' ? '443' : port;
  return allowList.some((entry) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    const pattern = match?.[1] ?? '';
    const entryPort = match?.[2] ?? '443';
    if (entryPort !== effectivePort || pattern === '') return false;
    return pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern;
  });
}
