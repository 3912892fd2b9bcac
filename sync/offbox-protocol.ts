/**
 * The off-box copy of the box's backups (issue 22), on the wire between a box and the cloud.
 *
 * The box encrypts its newest backup in chunks (AES-256-GCM, each chunk with its own nonce and
 * tag) under a key the cloud never sees; the cloud keeps the chunks, the manifest (size, chunk
 * count, SHA-256 of the plaintext) and the data key *wrapped* by a key derived (scrypt) from the
 * owner's recovery code. Uploads resume: the cloud answers which chunks it still lacks.
 *
 * A sealed chunk on the wire is `nonce (12 bytes) | ciphertext | tag (16 bytes)`.
 */
import { z } from 'zod';

export const OFFBOX_COPIES_PATH = '/sync/offbox/copies';
export const OFFBOX_LATEST_PATH = '/sync/offbox/latest';
export const offboxCopyPath = (id: string) => `${OFFBOX_COPIES_PATH}/${encodeURIComponent(id)}`;
export const offboxChunkPath = (id: string, index: number) => `${offboxCopyPath(id)}/chunks/${index}`;
export const offboxCompletePath = (id: string) => `${offboxCopyPath(id)}/complete`;

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SEALED_OVERHEAD = NONCE_BYTES + TAG_BYTES;

/** 1 MiB: small enough to resend on a bad line, big enough that a 100 MB database is 100 requests. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
export const MIN_CHUNK_BYTES = 16 * 1024;
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** The cloud's body limit on a chunk upload: the biggest chunk sealed. */
export const MAX_SEALED_CHUNK_BYTES = MAX_CHUNK_BYTES + SEALED_OVERHEAD;
/** 16 GB of database at most: far above what a restaurant's box holds. */
export const MAX_COPY_BYTES = 16 * 1024 * 1024 * 1024;
/** How many complete copies the cloud keeps per location (the newest ones). */
export const COPIES_KEPT = 2;

const base64 = (bytes: number) => z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).refine((s) => Buffer.from(s, 'base64').length === bytes, `must be ${bytes} bytes in base64`);

/** The data key, encrypted (AES-256-GCM) under scrypt(recovery code, salt). */
export const wrappedKeySchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(1024).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64(16),
  nonce: base64(NONCE_BYTES),
  tag: base64(TAG_BYTES),
  key: base64(32),
});
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

/** What a copy is: enough to check each chunk's size on arrival and the whole file after download. */
export const manifestSchema = z.object({
  format: z.literal(1),
  /** The backup's file name on the box (`brigade-<UTC time>-<kind>.db`). */
  backupName: z.string().regex(/^brigade-\d{8}T\d{9}Z-[a-z-]{3,20}\.db$/),
  /** When the backup was taken (UTC epoch ms). */
  takenAt: z.number().int().min(0),
  /** Plaintext size and SHA-256 (hex) of the backup file. */
  bytes: z.number().int().min(1).max(MAX_COPY_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  chunkSize: z.number().int().min(MIN_CHUNK_BYTES).max(MAX_CHUNK_BYTES),
  chunkCount: z.number().int().min(1),
  wrappedKey: wrappedKeySchema,
}).refine((m) => m.chunkCount === Math.ceil(m.bytes / m.chunkSize), { message: 'chunkCount must be ceil(bytes / chunkSize)', path: ['chunkCount'] });
export type OffboxManifest = z.infer<typeof manifestSchema>;

/** Starting (or resuming) an upload: the box mints the copy's id, so a retry finds the same copy. */
export const startRequest = z.object({ id: z.uuid(), manifest: manifestSchema });

export const copyAnswer = z.object({
  id: z.string(),
  status: z.enum(['uploading', 'complete']),
  manifest: manifestSchema,
  /** Chunk indexes the cloud does not hold yet (empty once all arrived). */
  missing: z.array(z.number().int().min(0)),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type CopyAnswer = z.infer<typeof copyAnswer>;

/** Plaintext length of chunk `index` of a copy. */
export function chunkLength(m: Pick<OffboxManifest, 'bytes' | 'chunkSize' | 'chunkCount'>, index: number): number {
  return index < m.chunkCount - 1 ? m.chunkSize : m.bytes - (m.chunkCount - 1) * m.chunkSize;
}
