import crypto from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { BoxNames } from './box-names.js';
import { nameConstraintsExtension, type Constraints } from './name-constraints.js';

/**
 * Certificates for HTTPS on the LAN (issue 22). Keys are made and certificates signed by node's own
 * crypto (OpenSSL, in C: about 0.1 s for a key, a millisecond to sign); node-forge only lays out
 * the certificate's fields, because node can read X.509 but not write it. RSA 2048: every tablet
 * browser since 2012 takes it, and forge lays out RSA keys.
 */

const DAY_MS = 86_400_000;
/** The authority lasts as long as a box: tablets install it once. */
export const CA_DAYS = 3650;
/** Under Apple's 398-day limit for server certificates; the box renews it 30 days before the end. */
export const SERVER_DAYS = 397;
/** Clocks on tablets run behind: a certificate is valid from a day before it is made. */
const BACKDATE_MS = DAY_MS;

export interface KeyPem { privateKey: string; publicKey: string }

const generateKeyPair = promisify(crypto.generateKeyPair);

/** A new RSA key pair in PEM (PKCS#8 private, SPKI public), made off the event loop. */
export async function newKeyPair(): Promise<KeyPem> {
  return generateKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A random positive serial number (16 bytes, as CAs use), in hex. */
function serialNumber(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** Signs with node's crypto what forge laid out (forge's own signing is pure JavaScript, about 100× slower). */
/** forge exports getTBSCertificate (its own sign() uses it) but its type definitions leave it out. */
interface ForgeTbs { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 }

function signWith(cert: forge.pki.Certificate, signerPrivatePem: string): string {
  const fields = cert as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1; signatureOid: string; siginfo: { algorithmOid: string } };
  fields.signatureOid = fields.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  fields.tbsCertificate = (forge.pki as unknown as ForgeTbs).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(fields.tbsCertificate).getBytes(), 'binary');
  fields.signature = crypto.sign('sha256', tbs, signerPrivatePem).toString('binary');
  return forge.pki.certificateToPem(cert);
}

function baseCertificate(publicKeyPem: string, now: number, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
  return cert;
}

/** The box's own certificate authority: self-signed, may sign server certificates only, for `constraints` only. */
export function issueCa(keys: KeyPem, boxLabel: string, constraints: Constraints, now: number): string {
  const cert = baseCertificate(keys.publicKey, now, CA_DAYS);
  const name = [{ name: 'commonName', value: `Brigade box CA (${boxLabel})`.slice(0, 64) }, { name: 'organizationName', value: 'Brigade' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    nameConstraintsExtension(constraints),
  ]);
  return signWith(cert, keys.privateKey);
}

/** The box's HTTPS certificate, for `names`, signed by the CA. */
export function issueServerCert(serverPublicKeyPem: string, ca: { cert: string; privateKey: string }, names: BoxNames, now: number): string {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = baseCertificate(serverPublicKeyPem, now, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: names.dns.find((n) => n.endsWith('.local')) ?? names.dns[0] ?? 'brigade' }, { name: 'organizationName', value: 'Brigade' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return signWith(cert, ca.privateKey);
}
