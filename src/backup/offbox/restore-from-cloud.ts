/**
 * "Replace a dead box" (issue 22): a new box, given a device credential for the same location,
 * downloads the cloud's newest off-box copy, opens it with the owner's recovery code, checks it
 * (every chunk's tag, the whole file's SHA-256, then SQLite's integrity check) and installs it
 * with the same safety as `backup restore` (box stopped, pre-restore copy, new sync epoch).
 * Nothing on the box changes before the code has opened the copy's key and the file has passed
 * its checks.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError, ERROR_CODES, type ErrorCode } from '../../errors.js';
import type { CopyAnswer } from '../../../sync/offbox-protocol.js';
import { assertBoxStopped } from '../box-lock.js';
import { removeDatabaseFiles } from '../copy.js';
import { restoreBackup, type RestoreResult } from '../restore.js';
import { backupDir } from '../store.js';
import { OffboxClient, OffboxError, type OffboxTarget } from './client.js';
import { copyKey, openChunk, unwrapDataKey } from './crypto.js';
import { readOffboxKey, updateOffboxState, writeOffboxKey } from './files.js';

export interface CloudRestoreOptions {
  dbFile: string;
  target: OffboxTarget;
  recoveryCode: string;
  onProgress?(done: number, total: number): void;
  timeoutMs?: number;
  now?: () => number;
}

export interface CloudRestoreResult extends RestoreResult {
  copy: CopyAnswer;
  /** True when the box had no off-box key and now uses the restored one (the same recovery code). */
  keptRecoveryCode: boolean;
}

/** A cloud failure as an error the CLI prints with a code: the cloud's own code when it is one of ours. */
function cloudError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof OffboxError && error.code === 'DEVICE_CREDENTIAL_IN_USE') {
    return new AppError('DEVICE_CREDENTIAL_IN_USE', 'This device credential is already bound to another box (the old one?). Give the new box a fresh credential for the same location: npm run cloud:admin -- device create --location <location id>, then run this again with it. Nothing was changed.');
  }
  if (error instanceof OffboxError && error.code && error.code in ERROR_CODES) return new AppError(error.code as ErrorCode, `${error.message} Nothing was changed.`);
  return new AppError('CLOUD_UNREACHABLE', `${(error as Error).message}. Nothing was changed; run the command again.`);
}

/** Retries a download step a few times: a bad line should not end a long restore. */
async function withRetries<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const retryable = error instanceof OffboxError && (error.status === undefined || error.status >= 500);
      if (!retryable || attempt >= 4) throw error;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

export async function restoreFromCloud(options: CloudRestoreOptions): Promise<CloudRestoreResult> {
  const { dbFile, target } = options;
  const now = options.now ?? Date.now;
  const dataDir = path.dirname(dbFile);
  fs.mkdirSync(dataDir, { recursive: true });
  assertBoxStopped(dataDir, dbFile);
  const client = new OffboxClient(target, options.timeoutMs ?? 60_000);
  let copy: CopyAnswer;
  try {
    copy = await withRetries(() => client.latest());
  } catch (error) {
    throw cloudError(error);
  }
  const dataKey = unwrapDataKey(copy.manifest.wrappedKey, options.recoveryCode);
  const file = await download(client, copy, copyKey(dataKey, copy.id), dbFile, options.onProgress);

  const result = restoreBackup(dbFile, file, now(), {
    prepare: (staged) => adoptIdentity(staged, target),
  });
  let keptRecoveryCode = false;
  if (!readOffboxKey(dataDir)) {
    writeOffboxKey(dataDir, { dataKey, wrapped: copy.manifest.wrappedKey, createdAt: now() });
    keptRecoveryCode = true;
  }
  const m = copy.manifest;
  updateOffboxState(dataDir, (s) => ({
    ...s, upload: null, lastError: null, lastErrorAt: null,
    last: { copyId: copy.id, backupName: m.backupName, takenAt: m.takenAt, bytes: m.bytes, sha256: m.sha256, chunkSize: m.chunkSize, chunkCount: m.chunkCount,
      completedAt: copy.completedAt ? Date.parse(copy.completedAt) : now() },
  }));
  return { ...result, copy, keptRecoveryCode };
}

/**
 * Downloads and opens every chunk into `<backups>/<name>.partial`, checks the SHA-256 of the
 * whole, then gives it the backup's own name. Throws (and leaves nothing) on any failure.
 */
async function download(client: OffboxClient, copy: CopyAnswer, key: Buffer, dbFile: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const dir = backupDir(dbFile);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, copy.manifest.backupName);
  const partial = `${file}.partial`;
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(partial, 'w');
  try {
    onProgress?.(0, copy.manifest.chunkCount);
    for (let index = 0; index < copy.manifest.chunkCount; index++) {
      let sealed: Buffer;
      try {
        sealed = await withRetries(() => client.getChunk(copy.id, index));
      } catch (error) {
        throw cloudError(error);
      }
      let plain: Buffer;
      try {
        plain = openChunk(key, copy.id, index, sealed);
      } catch (error) {
        throw new AppError('BACKUP_INVALID', `The cloud's copy is damaged: ${(error as Error).message}. Nothing was changed.`);
      }
      hash.update(plain);
      fs.writeSync(fd, plain);
      onProgress?.(index + 1, copy.manifest.chunkCount);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const sha256 = hash.digest('hex');
    if (sha256 !== copy.manifest.sha256) {
      throw new AppError('BACKUP_INVALID', `The downloaded copy's SHA-256 (${sha256}) is not the one its manifest names (${copy.manifest.sha256}). Nothing was changed.`);
    }
    fs.renameSync(partial, file);
    return file;
  } catch (error) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    removeDatabaseFiles(partial);
    throw error;
  }
}

/**
 * The restored database takes this box's identity (a new one when the box had no database yet)
 * and the credential it downloaded with: the replacement box pushes as itself, under the
 * credential the operator gave it, which binds to it on its first push.
 */
function adoptIdentity(db: Database.Database, target: OffboxTarget): void {
  db.prepare('update sync_state set box_id = ?, cloud_url = ?, credential = ?, updated_at = ? where id = 1')
    .run(target.boxId ?? crypto.randomUUID(), target.cloudUrl, target.credential, Date.now());
}
