import crypto from 'node:crypto';

/**
 * Token and PIN hashing. Tokens are 256 random bits, so a fast SHA-256 is enough to store them
 * (a stolen database does not yield usable tokens). PINs are short, so they get salted scrypt.
 */
export function newToken(prefix: 'bdv' | 'bss'): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

export function hashPin(pin: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(pin, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Async so that a sign-in never stalls other requests for the ~40 ms scrypt takes. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }, (err, derived) =>
      err ? reject(err) : resolve(derived)));
  return crypto.timingSafeEqual(expected, actual);
}

/** Pairing codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), ~40 bits. */
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newPairingCode(): string {
  return Array.from({ length: 8 }, () => PAIRING_ALPHABET[crypto.randomInt(PAIRING_ALPHABET.length)]).join('');
}
