/**
 * Which URLs a subscription may point at (issue 21). http and https only, no user:password in the
 * URL (it would sit in logs), at most 2,048 characters.
 *
 * Private addresses are refused unless the operator allows them (WEBHOOK_ALLOW_PRIVATE_URLS=1): the
 * cloud sits next to its database, its metadata service (169.254.169.254 on most clouds) and other
 * internal services, and a webhook is a request the cloud makes on a customer's behalf whose
 * response code, timing and first bytes land in the delivery log — a way to probe and read the
 * inside (server-side request forgery). So loopback, link-local, the private ranges, CGNAT, unique
 * local IPv6, multicast and names such as `localhost` or `*.internal` are refused when the
 * subscription is saved, and the address a name resolves to is checked again at every delivery
 * (a name may later resolve to 127.0.0.1: DNS rebinding). A self-hosted cloud delivering to a
 * LAN service turns the setting on.
 */
import { BlockList, isIP } from 'node:net';

export const MAX_URL_LENGTH = 2048;

const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) blocked.addSubnet(net, bits, 'ipv6');

const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|lan|home\.arpa|localdomain)$/i;

/** True when the literal address is loopback, link-local, private or otherwise not the public internet. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const kind = isIP(bare);
  if (kind === 4) return blocked.check(bare, 'ipv4');
  if (kind === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    return blocked.check(bare, 'ipv6');
  }
  return false;
}

/** Why this URL cannot be a webhook's, or null when it can. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > MAX_URL_LENGTH) return `A webhook URL may be at most ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not a URL: write it in full, e.g. https://example.com/hooks/brigade.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Only http and https URLs can receive webhooks (this one is ${url.protocol.replace(':', '')}).`;
  if (url.username || url.password) return 'Leave the user name and password out of the URL (they would be kept in logs); the signature proves the sender.';
  if (!url.hostname) return 'The URL has no host.';
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isPrivateAddress(host) || (isIP(host) === 0 && (PRIVATE_NAMES.test(host) || !host.includes('.')))) {
      return `${url.hostname} is a private or local address; webhooks go to the public internet (the operator can allow private addresses with WEBHOOK_ALLOW_PRIVATE_URLS=1).`;
    }
  }
  return null;
}
