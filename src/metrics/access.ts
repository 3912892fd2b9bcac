import crypto from 'node:crypto';
import net from 'node:net';

/**
 * Who may read GET /metrics: a scraper on the box itself or on the restaurant's LAN (loopback,
 * RFC 1918, link-local, IPv6 unique-local), or anyone presenting METRICS_TOKEN as a bearer token
 * (a scraper reaching the box through a tunnel or a port forward, which arrives from a public address).
 */
export function mayReadMetrics(remoteAddress: string | undefined, authorization: string | undefined, token: string | undefined): boolean {
  if (token && authorization) {
    const given = authorization.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (given && sameSecret(given, token)) return true;
  }
  return remoteAddress !== undefined && isLanAddress(remoteAddress);
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

const LAN = new net.BlockList();
LAN.addSubnet('127.0.0.0', 8, 'ipv4');
LAN.addSubnet('10.0.0.0', 8, 'ipv4');
LAN.addSubnet('172.16.0.0', 12, 'ipv4');
LAN.addSubnet('192.168.0.0', 16, 'ipv4');
LAN.addSubnet('169.254.0.0', 16, 'ipv4');
LAN.addAddress('::1', 'ipv6');
LAN.addSubnet('fc00::', 7, 'ipv6');
LAN.addSubnet('fe80::', 10, 'ipv6');

export function isLanAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return LAN.check(mapped, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return false;
  return LAN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
