import net from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

/** The names a tablet may use to reach the box, which its HTTPS certificate must carry. */
export interface BoxNames {
  /** Host names, lower case: the machine's name, `<name>.local` (mDNS) and `localhost`. */
  dns: string[];
  /** IP addresses in canonical form (IPv6 compressed, as URLs write them). */
  ips: string[];
}

/** The canonical text of an IP address (so `0:0:0:0:0:0:0:1` and `::1` compare equal); null if it is none. */
export function canonicalIp(ip: string): string | null {
  const kind = net.isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) return null;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/**
 * The box's names from its host name and network interfaces. IPv6 link-local addresses are left
 * out: they need a zone (`%eth0`) that browsers do not take in a URL. Sorted, so two runs with the
 * same network give the same list.
 */
export function boxNames(hostname: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, listenHost?: string): BoxNames {
  const host = hostname.trim().toLowerCase().replace(/\.$/, '');
  const dns = new Set<string>(['localhost']);
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host) && net.isIP(host) === 0) {
    dns.add(host);
    if (!host.endsWith('.local')) dns.add(`${host.split('.')[0]}.local`);
  }
  const ips = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal || (info.family === 'IPv6' && /^fe[89ab]/i.test(info.address))) continue;
      const ip = canonicalIp(info.address);
      if (ip) ips.add(ip);
    }
  }
  const listen = listenHost ? canonicalIp(listenHost) : null;
  if (listen && listen !== '0.0.0.0' && listen !== '::') ips.add(listen);
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

/** `subjectAltName` text as node's X509Certificate gives it, read back into names. */
export function namesFromSubjectAltName(text: string | undefined): BoxNames {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const part of (text ?? '').split(', ')) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4).toLowerCase());
    else if (part.startsWith('IP Address:')) {
      const ip = canonicalIp(part.slice(11));
      if (ip) ips.push(ip);
    }
  }
  return { dns: dns.sort(), ips: ips.sort() };
}

export const sameNames = (a: BoxNames, b: BoxNames): boolean =>
  a.dns.join() === b.dns.join() && a.ips.join() === b.ips.join();
