/**
 * Passwords and one-time tokens of cloud accounts. Passwords get salted scrypt with its parameters
 * stored beside the hash (`scrypt$N$r$p$salt$key`), so they can be raised later without breaking
 * old hashes. Session and invitation tokens are 32 random bytes, so a SHA-256 of them is enough.
 */
import crypto from 'node:crypto';

/** N = 2^15, r = 8: 32 MiB and roughly 100 ms per hash here — slow for a guesser, fine for a sign-in. */
const SCRYPT = { N: 32768, r: 8, p: 1, keylen: 32 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number): Promise<Buffer> {
  // maxmem must exceed 128·N·r, which the default (32 MiB) only just does not.
  const maxmem = 256 * N * r;
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new salted hash of `password`. Async: the event loop keeps serving while it runs. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash of nothing anyone knows: checked when the email has no account, so both answers take as long. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(crypto.randomBytes(16).toString('hex')));

/** Whether `password` matches `stored` (compared in constant time). A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, Number(n), Number(r), Number(p));
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/**
 * A new bearer token: a kind prefix and 32 random bytes. bcs: a staff session, bci: an invitation or
 * password link, bgs: a guest session, bgl: a link mailed to a guest (verify the email, new password).
 */
export function newToken(prefix: 'bcs' | 'bci' | 'bgs' | 'bgl'): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

/** What is stored for a token: its SHA-256, hex. */
export const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');
