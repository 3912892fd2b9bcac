import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxNames, namesFromSubjectAltName, type BoxNames } from '../src/tls/box-names.js';
import { ensureTls, RENEW_BEFORE_MS, type TlsMaterial } from '../src/tls/store.js';
import { issueServerCert, SERVER_DAYS, CA_DAYS } from '../src/tls/issue.js';
import { constraintsFor, permittedOnly, readConstraints } from '../src/tls/name-constraints.js';

/**
 * The box's certificate authority and HTTPS certificate (issue 22), checked with node's own X.509
 * reader and real TLS handshakes that trust the box's CA and nothing else.
 */
const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOST = 'bistro-box';
const NAMES: BoxNames = { dns: ['bistro-box', 'bistro-box.local', 'localhost'], ips: ['127.0.0.1', '192.168.1.20', '::1', 'fd00::20'].sort() };

let root: string;
/** One CA and server certificate, made once (two RSA keys); each test copies the folder. */
let made: string;
let first: TlsMaterial;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-tls-'));
  made = path.join(root, 'made');
  first = await ensureTls(made, HOST, NAMES, NOW);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function copyOfMade(): string {
  const dir = fs.mkdtempSync(path.join(root, 'copy-'));
  fs.cpSync(made, dir, { recursive: true });
  return dir;
}
const x509 = (pem: string) => new crypto.X509Certificate(pem);
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** A TLS handshake to a server using `m`, by `servername` (or an IP, checked against the certificate's IP entries), trusting only the box's CA. */
async function handshake(m: Pick<TlsMaterial, 'key' | 'cert' | 'caPem'>, host: string): Promise<string> {
  const server = tls.createServer({ key: m.key, cert: m.cert }, (s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({
        host: '127.0.0.1', port, ca: m.caPem, servername: /^[\d.:]+$/.test(host) ? undefined : host,
        checkServerIdentity: (_h, cert) => tls.checkServerIdentity(host, cert),
      });
      socket.once('secureConnect', () => { resolve('trusted'); socket.destroy(); });
      // Node has no code for some OpenSSL verdicts (name constraints): then the message says it.
      socket.once('error', (err: NodeJS.ErrnoException) => { resolve(err.code && err.code !== 'UNSPECIFIED' ? err.code : err.message); socket.destroy(); });
    });
  } finally {
    server.close();
  }
}

describe('the box\'s certificate authority and HTTPS certificate', () => {
  it('on first start makes a CA and a server certificate for the box\'s names and addresses, valid for 397 days from a day back', () => {
    expect(first.made).toEqual(['new CA', 'new server key', 'server certificate (none yet)']);
    const server = x509(first.cert);
    const ca = x509(first.caPem);
    expect(namesFromSubjectAltName(server.subjectAltName)).toEqual(NAMES);
    expect(first.names).toEqual(NAMES);
    expect(server.ca).toBe(false);
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(Date.parse(server.validFrom)).toBe(Math.floor((NOW - DAY) / 1000) * 1000);
    expect(Date.parse(server.validTo)).toBe(NOW + SERVER_DAYS * DAY);
    expect(SERVER_DAYS).toBeLessThan(398); // Apple's ceiling for server certificates
    expect(ca.ca).toBe(true);
    expect(Date.parse(ca.validTo)).toBe(NOW + CA_DAYS * DAY);
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(first.caFingerprint).toBe(ca.fingerprint256);
  });

  it('keeps the keys readable by the box\'s user alone (0600, in a 0700 folder), and tightens them again if someone loosened them', async () => {
    expect(modeOf(made)).toBe(0o700);
    expect(modeOf(path.join(made, 'ca.key'))).toBe(0o600);
    expect(modeOf(path.join(made, 'server.key'))).toBe(0o600);
    const dir = copyOfMade();
    fs.chmodSync(path.join(dir, 'ca.key'), 0o644);
    fs.chmodSync(path.join(dir, 'server.key'), 0o666);
    fs.chmodSync(dir, 0o755);
    await ensureTls(dir, HOST, NAMES, NOW);
    expect([modeOf(dir), modeOf(path.join(dir, 'ca.key')), modeOf(path.join(dir, 'server.key'))]).toEqual([0o700, 0o600, 0o600]);
  });

  it('a TLS client that trusts only the box\'s CA accepts the box by each of its names and addresses, and refuses a name the certificate lacks', async () => {
    for (const name of ['bistro-box.local', 'bistro-box', 'localhost', '192.168.1.20', '127.0.0.1']) {
      expect(await handshake(first, name), name).toBe('trusted');
    }
    expect(await handshake(first, 'other-box.local')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await handshake(first, '192.168.1.21')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('reuses the CA and the certificate across restarts: same files, nothing made', async () => {
    const dir = copyOfMade();
    const before = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    const again = await ensureTls(dir, HOST, NAMES, NOW + 3 * DAY);
    expect(again.made).toEqual([]);
    expect(again.caFingerprint).toBe(first.caFingerprint);
    expect(again.cert).toBe(first.cert);
    expect(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]))).toEqual(before);
  });

  it('issues the certificate again, with the same CA and key, when the box\'s address changes (DHCP gave it a new one)', async () => {
    const dir = copyOfMade();
    const moved: BoxNames = { dns: NAMES.dns, ips: ['127.0.0.1', '192.168.1.57', '::1', 'fd00::20'].sort() };
    const next = await ensureTls(dir, HOST, moved, NOW + DAY);
    expect(next.made).toEqual(['server certificate (names changed)']);
    expect(next.caFingerprint).toBe(first.caFingerprint);
    expect(next.key).toBe(first.key);
    expect(namesFromSubjectAltName(x509(next.cert).subjectAltName).ips).toContain('192.168.1.57');
    expect(await handshake(next, '192.168.1.57')).toBe('trusted');
    expect(await handshake(next, '192.168.1.20')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect((await ensureTls(dir, HOST, moved, NOW + DAY)).made).toEqual([]);
  });

  it('renews the certificate 30 days before it ends, and after the clock went back before its start', async () => {
    const dir = copyOfMade();
    const end = Date.parse(x509(first.cert).validTo);
    expect((await ensureTls(dir, HOST, NAMES, end - RENEW_BEFORE_MS - DAY)).made).toEqual([]);
    const renewed = await ensureTls(dir, HOST, NAMES, end - RENEW_BEFORE_MS + DAY);
    expect(renewed.made).toEqual(['server certificate (ends soon)']);
    expect(Date.parse(x509(renewed.cert).validTo)).toBe(end - RENEW_BEFORE_MS + DAY + SERVER_DAYS * DAY);
    expect(renewed.caFingerprint).toBe(first.caFingerprint);
    const back = await ensureTls(dir, HOST, NAMES, end - RENEW_BEFORE_MS - 10 * DAY);
    expect(back.made).toEqual(['server certificate (clock went back)']);
  });

  it('a missing or damaged certificate is issued again from the kept key; a damaged CA key means a new CA', async () => {
    const dir = copyOfMade();
    fs.rmSync(path.join(dir, 'server.crt'));
    const reissued = await ensureTls(dir, HOST, NAMES, NOW);
    expect(reissued.made).toEqual(['server certificate (none yet)']);
    expect(reissued.key).toBe(first.key);
    fs.writeFileSync(path.join(dir, 'ca.key'), 'not a key');
    const fresh = await ensureTls(dir, HOST, NAMES, NOW);
    expect(fresh.made).toEqual(['new CA', 'server certificate (new CA)']);
    expect(fresh.caFingerprint).not.toBe(first.caFingerprint);
    expect(await handshake(fresh, 'bistro-box.local')).toBe('trusted');
  });

  it('the CA vouches only for local names and private addresses: a public address stays off the certificate, and a certificate for another site signed with the CA\'s key is refused', async () => {
    const constraints = readConstraints(first.caPem)!;
    expect(constraints.dns).toEqual(['local', 'localhost', 'bistro-box']);
    expect(constraints.ips).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']));
    const withPublic: BoxNames = { dns: [...NAMES.dns, 'box.example.com'].sort(), ips: [...NAMES.ips, '203.0.113.9'].sort() };
    expect(permittedOnly(withPublic, constraintsFor(HOST))).toEqual(NAMES);
    const dir = copyOfMade();
    const m = await ensureTls(dir, HOST, withPublic, NOW);
    expect(m.names).toEqual(NAMES);
    expect(m.leftOut).toEqual({ dns: ['box.example.com'], ips: ['203.0.113.9'] });

    // Someone with the box's CA key signs a certificate for a bank: OpenSSL refuses it, as browsers do.
    const caKey = fs.readFileSync(path.join(made, 'ca.key'), 'utf8');
    const serverPublic = crypto.createPublicKey(first.key).export({ type: 'spki', format: 'pem' }).toString();
    const forged = issueServerCert(serverPublic, { cert: first.caPem, privateKey: caKey }, { dns: ['bank.example.com'], ips: [] }, Date.now());
    expect(await handshake({ key: first.key, cert: forged + first.caPem, caPem: first.caPem }, 'bank.example.com')).toMatch(/permitted subtree violation/i);
  });

  it('reads the box\'s names from its host name and interfaces: .local, LAN addresses, no IPv6 link-local ones', () => {
    const names = boxNames('Bistro-Box', {
      eth0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: null },
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '', cidr: null, scopeid: 2 },
        { address: 'fd00:0:0:0:0:0:0:20', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '', cidr: null, scopeid: 0 },
      ],
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: null }],
    });
    expect(names).toEqual(NAMES);
  });
});
