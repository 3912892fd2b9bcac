/**
 * The off-box copy's state on the box, as two small files in the data dir (not in the database: a
 * restore must not bring back an old upload's progress, and the key must survive the database
 * being replaced).
 * - `offbox-key.json` (mode 0600): the data key and its wrapping by the recovery code. Whoever can
 *   read the data dir can read the database itself, so the key in clear here adds nothing to them.
 * - `offbox-state.json`: the upload under way (resumed after a restart) and the last complete copy.
 * Both are written to a temporary file, flushed and renamed, so a crash leaves the old or the new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { wrappedKeySchema, type WrappedKey } from '../../../sync/offbox-protocol.js';

const KEY_FILE = 'offbox-key.json';
const STATE_FILE = 'offbox-state.json';

export interface OffboxKey {
  dataKey: Buffer;
  wrapped: WrappedKey;
  createdAt: number;
}

const keyFile = z.object({ format: z.literal(1), dataKey: z.string(), wrapped: wrappedKeySchema, createdAt: z.number() });

const copyRef = z.object({
  copyId: z.string(),
  backupName: z.string(),
  takenAt: z.number(),
  bytes: z.number(),
  sha256: z.string(),
  chunkSize: z.number(),
  chunkCount: z.number(),
});

const stateFile = z.object({
  /** The upload under way: its copy id is reused after a restart, so the cloud resumes it. */
  upload: copyRef.extend({ startedAt: z.number(), chunksDone: z.number() }).nullable(),
  /** The newest copy the cloud confirmed complete. */
  last: copyRef.extend({ completedAt: z.number() }).nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
});
export type OffboxState = z.infer<typeof stateFile>;
export type OffboxUpload = NonNullable<OffboxState['upload']>;
export type OffboxCopyRef = z.infer<typeof copyRef>;

const EMPTY: OffboxState = { upload: null, last: null, lastError: null, lastErrorAt: null };

function writeAtomically(file: string, text: string, mode = 0o644): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function readOffboxKey(dataDir: string): OffboxKey | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8');
  } catch {
    return null;
  }
  const parsed = keyFile.parse(JSON.parse(text));
  return { dataKey: Buffer.from(parsed.dataKey, 'base64'), wrapped: parsed.wrapped, createdAt: parsed.createdAt };
}

export function writeOffboxKey(dataDir: string, key: OffboxKey): void {
  fs.mkdirSync(dataDir, { recursive: true });
  writeAtomically(path.join(dataDir, KEY_FILE), JSON.stringify({ format: 1, dataKey: key.dataKey.toString('base64'), wrapped: key.wrapped, createdAt: key.createdAt }), 0o600);
}

/** The state, or an empty one when there is none (or it cannot be read: the next upload starts afresh). */
export function readOffboxState(dataDir: string): OffboxState {
  try {
    return stateFile.parse(JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')));
  } catch {
    return { ...EMPTY };
  }
}

export function writeOffboxState(dataDir: string, state: OffboxState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  writeAtomically(path.join(dataDir, STATE_FILE), JSON.stringify(state));
}

export function updateOffboxState(dataDir: string, change: (s: OffboxState) => OffboxState): OffboxState {
  const next = change(readOffboxState(dataDir));
  writeOffboxState(dataDir, next);
  return next;
}
