/**
 * The off-box copy's cryptography (node:crypto only). Three keys:
 * - the **data key**: 32 random bytes made on the box once, kept in its data dir so nightly uploads
 *   need no person; the cloud holds it only wrapped;
 * - the **recovery code**: 120 random bits the box shows the owner once, for paper; scrypt turns it
 *   into the key that wraps the data key (AES-256-GCM). The box does not keep the code;
 * - a **copy key** per upload, derived from the data key and the copy's id (HKDF), so the same
 *   nonce under one key across years of nightly copies is never a worry.
 * Each chunk is sealed with its own random nonce and tag, and bound to its copy and position by
 * the additional data, so chunks cannot be swapped or reordered unnoticed.
 */
import crypto from 'node:crypto';
import { AppError } from '../../errors.js';
import { NONCE_BYTES, TAG_BYTES, type WrappedKey } from '../../../sync/offbox-protocol.js';

/** Crockford's base 32: no I, L, O or U, so a code read back from paper is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 24;
/** scrypt cost: 32 MiB and about 0.1 s here (under a second on a Raspberry Pi), once per wrap or unwrap. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const WRAP_AAD = Buffer.from('brigade offbox data key v1');

/** A new recovery code: 24 characters in six groups of four (`7K2M-…`). */
export function newRecoveryCode(): string {
  // 256 is a multiple of 32: every character is equally likely.
  const chars = [...crypto.randomBytes(CODE_CHARS)].map((b) => ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as typed (any case, spaces or dashes, O for 0, I or L for 1) → its 24 characters; bad shape → 400. */
export function normaliseRecoveryCode(typed: string): string {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_CHARS || [...code].some((c) => !ALPHABET.includes(c))) {
    throw new AppError('RECOVERY_CODE_WRONG', `A recovery code is ${CODE_CHARS} letters and digits in six groups of four (XXXX-XXXX-XXXX-XXXX-XXXX-XXXX); this one is not. Check it against the paper. Nothing was changed.`);
  }
  return code;
}

export const newDataKey = (): Buffer => crypto.randomBytes(32);

function keyFromCode(code: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return crypto.scryptSync(normaliseRecoveryCode(code), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

/** The data key sealed under the recovery code: what the cloud may hold. */
export function wrapDataKey(dataKey: Buffer, code: string): WrappedKey {
  const salt = crypto.randomBytes(16);
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFromCode(code, salt, SCRYPT), nonce).setAAD(WRAP_AAD);
  const key = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { kdf: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), nonce: nonce.toString('base64'), tag: cipher.getAuthTag().toString('base64'), key: key.toString('base64') };
}

/** The data key back from its wrapping; a wrong code → 400 RECOVERY_CODE_WRONG. */
export function unwrapDataKey(wrapped: WrappedKey, code: string): Buffer {
  const kek = keyFromCode(code, Buffer.from(wrapped.salt, 'base64'), wrapped);
  const decipher = crypto.createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.nonce, 'base64')).setAAD(WRAP_AAD);
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(wrapped.key, 'base64')), decipher.final()]);
  } catch {
    throw new AppError('RECOVERY_CODE_WRONG', 'This recovery code does not open the cloud\'s copy: check it against the paper (the code printed by `backup recovery-code` on the old box, the latest one if it was made again). Nothing was changed.');
  }
}

/** The key one copy's chunks are sealed with. */
export function copyKey(dataKey: Buffer, copyId: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.from(copyId), Buffer.from('brigade offbox copy v1'), 32));
}

const chunkAad = (copyId: string, index: number) => Buffer.from(`brigade offbox chunk v1:${copyId}:${index}`);

/** `nonce | ciphertext | tag` of one chunk. */
export function sealChunk(key: Buffer, copyId: string, index: number, plain: Buffer): Buffer {
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce).setAAD(chunkAad(copyId, index));
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext of a sealed chunk; throws when it was altered, or belongs to another copy or position. */
export function openChunk(key: Buffer, copyId: string, index: number, sealed: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error(`chunk ${index} is too short`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES)).setAAD(chunkAad(copyId, index));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error(`chunk ${index} of the cloud's copy fails its authentication tag (altered or damaged)`);
  }
}
