/**
 * The guest's handles on an online booking: a short reference to quote on the phone, and a secret
 * manage token (the link in the confirmation) of which only the SHA-256 is stored. A retry with the
 * same Idempotency-Key gets the token back: it is kept sealed with the key (XOR with the key's
 * SHA-256), so only whoever holds the key can open it.
 */
import crypto from 'node:crypto';
import { hashSecret } from '../tenant.js';

/** No 0/O, 1/I/L: read aloud on the phone without a doubt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newReference(): string {
  const bytes = crypto.randomBytes(8);
  return `BK-${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`;
}

export const newManageToken = (): string => crypto.randomBytes(32).toString('base64url');

/** 43 base64url characters (32 bytes): anything else is not a token, and is refused before any query. */
export const MANAGE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => hashSecret(token);

export const hashKey = (key: string): string => crypto.createHash('sha256').update(`booking-key:${key}`).digest('hex');

function pad(key: string): Buffer {
  return crypto.createHash('sha256').update(`booking-seal:${key}`).digest();
}

export function sealToken(token: string, key: string): Buffer {
  const raw = Buffer.from(token, 'base64url');
  const p = pad(key);
  return Buffer.from(raw.map((b, i) => b ^ p[i]!));
}

export function openToken(sealed: Buffer, key: string): string {
  const p = pad(key);
  return Buffer.from(sealed.map((b, i) => b ^ p[i]!)).toString('base64url');
}
