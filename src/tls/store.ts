import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { namesFromSubjectAltName, sameNames, type BoxNames } from './box-names.js';
import { issueCa, issueServerCert, newKeyPair } from './issue.js';
import { constraintsFor, permittedOnly, readConstraints } from './name-constraints.js';

/**
 * The box's TLS files in `<data dir>/tls/` (a folder only the box's user may read; keys 0600):
 * `ca.key` + `ca.crt`, made once on first start and kept for the box's life (tablets install
 * `ca.crt`), and `server.key` + `server.crt`, the HTTPS certificate, issued again — same key — when
 * the box's names or addresses change or 30 days before it ends.
 */
export interface TlsMaterial {
  /** The server's private key (PEM). */
  key: string;
  /** The server certificate followed by the CA's (the chain the box sends). */
  cert: string;
  caPem: string;
  /** SHA-256 of the CA certificate, `AB:CD:…`, the way phones show it. */
  caFingerprint: string;
  /** The names the certificate carries. */
  names: BoxNames;
  /** Names the box has that the CA may not vouch for (public addresses, a host name given after the CA was made). */
  leftOut: BoxNames;
  notAfter: Date;
  /** What this call made: nothing (`[]`), a new CA, a new server key, a new certificate and why. */
  made: string[];
}

/** Renew this long before the server certificate ends. */
export const RENEW_BEFORE_MS = 30 * 86_400_000;

interface Pair { privateKey: string; cert: string; x509: crypto.X509Certificate }

export const tlsDir = (dataDir: string): string => path.join(dataDir, 'tls');

/** Loads, or makes and saves, what HTTPS needs for `wanted` names at `now`. */
export async function ensureTls(dir: string, hostname: string, wanted: BoxNames, now: number): Promise<TlsMaterial> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const made: string[] = [];
  let ca = loadPair(dir, 'ca');
  if (ca && (!ca.x509.ca || Date.parse(ca.x509.validTo) <= now)) ca = null;
  if (!ca) {
    const keys = await newKeyPair();
    ca = savePair(dir, 'ca', keys.privateKey, issueCa(keys, hostname, constraintsFor(hostname), now));
    made.push('new CA');
  }
  const constraints = readConstraints(ca.cert);
  const names = constraints ? permittedOnly(wanted, constraints) : wanted;
  let server = loadPair(dir, 'server');
  let serverKey = server?.privateKey ?? readKey(dir, 'server');
  if (!serverKey) {
    serverKey = (await newKeyPair()).privateKey;
    made.push('new server key');
  }
  const why = whyReissue(server, serverKey, ca, names, now);
  if (why) {
    const publicKey = crypto.createPublicKey(serverKey).export({ type: 'spki', format: 'pem' }).toString();
    server = savePair(dir, 'server', serverKey, issueServerCert(publicKey, ca, names, now));
    made.push(`server certificate (${why})`);
  }
  return {
    key: server!.privateKey,
    cert: server!.cert + ca.cert,
    caPem: ca.cert,
    caFingerprint: ca.x509.fingerprint256,
    names,
    leftOut: { dns: wanted.dns.filter((n) => !names.dns.includes(n)), ips: wanted.ips.filter((n) => !names.ips.includes(n)) },
    notAfter: new Date(server!.x509.validTo),
    made,
  };
}

/** Why the server certificate must be issued again, or null when it is still right. */
function whyReissue(server: Pair | null, key: string, ca: Pair, names: BoxNames, now: number): string | null {
  if (!server) return 'none yet';
  if (server.privateKey !== key) return 'new key';
  if (!server.x509.checkIssued(ca.x509) || !server.x509.verify(ca.x509.publicKey)) return 'new CA';
  if (Date.parse(server.x509.validFrom) > now) return 'clock went back';
  if (Date.parse(server.x509.validTo) - now < RENEW_BEFORE_MS) return 'ends soon';
  if (!sameNames(namesFromSubjectAltName(server.x509.subjectAltName), names)) return 'names changed';
  return null;
}

const keyFile = (dir: string, name: string) => path.join(dir, `${name}.key`);
const certFile = (dir: string, name: string) => path.join(dir, `${name}.crt`);

function readKey(dir: string, name: string): string | null {
  try {
    const pem = fs.readFileSync(keyFile(dir, name), 'utf8');
    crypto.createPrivateKey(pem);
    fs.chmodSync(keyFile(dir, name), 0o600);
    return pem;
  } catch {
    return null;
  }
}

/** A key and its certificate, or null when either is missing, unreadable, or they do not belong together. */
function loadPair(dir: string, name: string): Pair | null {
  const privateKey = readKey(dir, name);
  if (!privateKey) return null;
  try {
    const cert = fs.readFileSync(certFile(dir, name), 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    return x509.checkPrivateKey(crypto.createPrivateKey(privateKey)) ? { privateKey, cert, x509 } : null;
  } catch {
    return null;
  }
}

/** Writes the key (0600) then the certificate, each through a temporary file, so a crash leaves a whole old or a whole new file. */
function savePair(dir: string, name: string, privateKey: string, cert: string): Pair {
  writeAtomically(keyFile(dir, name), privateKey, 0o600);
  writeAtomically(certFile(dir, name), cert, 0o644);
  return { privateKey, cert, x509: new crypto.X509Certificate(cert) };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { mode, flush: true });
  fs.renameSync(tmp, file);
}
