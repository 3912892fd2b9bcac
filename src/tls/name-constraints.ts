import net from 'node:net';
import forge from 'node-forge';
import type { BoxNames } from './box-names.js';

/**
 * What the box's certificate authority may vouch for (X.509 name constraints, RFC 5280 §4.2.1.10).
 * A tablet that installs the CA trusts it for these names only: `.local` names, `localhost`, the
 * box's own host name, and loopback and private addresses — never `bank.com`. So a stolen box
 * cannot be used to read its tablets' traffic to other sites.
 */
export interface Constraints {
  dns: string[];
  /** CIDR blocks, e.g. `192.168.0.0/16`. */
  ips: string[];
}

export const PRIVATE_BLOCKS = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16',
  'fc00::/7', '::1/128', 'fe80::/10',
];

/** The constraints a new CA gets: `.local`, `localhost`, the host name it is made on, private addresses. */
export function constraintsFor(hostname: string): Constraints {
  const host = hostname.trim().toLowerCase();
  const dns = ['local', 'localhost'];
  if (host && !host.endsWith('.local') && net.isIP(host) === 0 && host !== 'localhost') dns.push(host);
  return { dns, ips: PRIVATE_BLOCKS };
}

/** The names of `names` the constraints allow (one name outside them would make tablets refuse the whole certificate). */
export function permittedOnly(names: BoxNames, c: Constraints): BoxNames {
  return {
    dns: names.dns.filter((n) => c.dns.some((base) => n === base || n.endsWith(`.${base}`))),
    ips: names.ips.filter((ip) => c.ips.some((block) => inBlock(ip, block))),
  };
}

function inBlock(ip: string, block: string): boolean {
  const [base, bits] = block.split('/') as [string, string];
  const a = ipBytes(ip);
  const b = ipBytes(base);
  if (!a || !b || a.length !== b.length) return false;
  const prefix = Number(bits);
  for (let i = 0; i < a.length; i += 1) {
    const take = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

/** The 4 or 16 bytes of an address. */
export function ipBytes(ip: string): number[] | null {
  if (net.isIPv4(ip)) return ip.split('.').map(Number);
  if (!net.isIPv6(ip)) return null;
  let text = ip;
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const words = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** An address from its 4 or 16 bytes (IPv6 compressed by the URL parser). */
function ipText(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}

const toBinary = (bytes: number[]): string => String.fromCharCode(...bytes);
const fromBinary = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));

const { asn1 } = forge;

/** The extension (critical, as browsers expect) for forge's `setExtensions`. */
export function nameConstraintsExtension(c: Constraints) {
  const subtree = (tag: number, value: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value),
  ]);
  const dns = c.dns.map((n) => subtree(2, n));
  const ips = c.ips.map((block) => {
    const [base, bits] = block.split('/') as [string, string];
    const addr = ipBytes(base)!;
    const mask = addr.map((_, i) => {
      const take = Math.max(0, Math.min(8, Number(bits) - i * 8));
      return take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    });
    return subtree(7, toBinary([...addr, ...mask]));
  });
  const permitted = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [...dns, ...ips]);
  return { id: '2.5.29.30', critical: true, value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [permitted]) };
}

/** Reads the permitted names back from a CA certificate made by this box (null when it has none). */
export function readConstraints(caPem: string): Constraints | null {
  const ext = forge.pki.certificateFromPem(caPem).getExtension('nameConstraints') as { value?: string } | undefined;
  if (!ext?.value) return null;
  const seq = asn1.fromDer(ext.value);
  const permitted = (seq.value as forge.asn1.Asn1[]).find((node) => node.type === 0);
  const out: Constraints = { dns: [], ips: [] };
  for (const sub of (permitted?.value ?? []) as forge.asn1.Asn1[]) {
    const name = (sub.value as forge.asn1.Asn1[])[0]!;
    if (name.type === 2) out.dns.push(name.value as string);
    if (name.type === 7) {
      const bytes = fromBinary(name.value as string);
      const half = bytes.length / 2;
      const prefix = bytes.slice(half).reduce((n, b) => n + popcount(b), 0);
      out.ips.push(`${ipText(bytes.slice(0, half))}/${prefix}`);
    }
  }
  return out;
}

const popcount = (b: number): number => (b.toString(2).match(/1/g) ?? []).length;
