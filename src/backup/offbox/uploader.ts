/**
 * The off-box copy (issue 22): the box uploads its newest backup to the cloud, encrypted, in
 * chunks, taking turns with the push of orders (src/sync/link-turns.ts). Resumable: the copy's id
 * and manifest are kept in `offbox-state.json` before the first chunk goes, and the cloud answers
 * which chunks it lacks, so after a cut connection, a crash or a restart the upload goes on from
 * the next missing chunk. Runs on its own timer and after each nightly backup; a failure is kept
 * in the state (status, doctor) and retried with backoff.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_CHUNK_BYTES, chunkLength, type OffboxManifest } from '../../../sync/offbox-protocol.js';
import type { LinkTurns } from '../../sync/link-turns.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import { backupDir, listBackups, type BackupFile } from '../store.js';
import { OffboxClient, OffboxError, type OffboxTarget } from './client.js';
import { copyKey, sealChunk } from './crypto.js';
import { readOffboxKey, readOffboxState, updateOffboxState, type OffboxUpload } from './files.js';

export interface UploaderDeps {
  dbFile: string;
  turns: LinkTurns;
  queueEmpty(): boolean;
  /** Where to upload, or null while sync is off. */
  target(): OffboxTarget | null;
  logger: Logger;
  now?: () => number;
  settings?: Partial<UploaderSettings>;
}

export interface UploaderSettings {
  chunkBytes: number;
  /** How often it looks for a newer backup to upload (and retries after a failure, doubling up to 16×). */
  checkMs: number;
  timeoutMs: number;
}

export interface UploadRun {
  /** What happened: nothing to do, why not, or the copy completed. */
  outcome: 'off' | 'no-key' | 'no-backup' | 'up-to-date' | 'complete' | 'stopped';
  /** Chunks sent by this run (a resumed upload sends only the missing ones). */
  sent: number;
  copyId?: string;
}

/** Backups worth copying off the box: the nightly and manual ones (not the safety copies of a restore or upgrade). */
export function newestCopyable(dbFile: string): BackupFile | undefined {
  return listBackups(backupDir(dbFile)).find((b) => b.kind === 'scheduled' || b.kind === 'manual');
}

export class OffboxUploader {
  private readonly dataDir: string;
  private readonly settings: UploaderSettings;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<UploadRun> | null = null;
  private stopped = true;
  /** Set by stop(): a run in progress ends before its next chunk. */
  private halted = false;
  private failures = 0;
  private readonly cycleSeen = { cycles: 0 };

  constructor(private readonly deps: UploaderDeps) {
    this.dataDir = path.dirname(deps.dbFile);
    this.now = deps.now ?? Date.now;
    this.settings = { chunkBytes: DEFAULT_CHUNK_BYTES, checkMs: 60_000, timeoutMs: 60_000, ...deps.settings };
  }

  start(): void {
    this.stopped = false;
    this.halted = false;
    // First look one period after start: a restarted box resumes an interrupted upload then.
    this.schedule(this.settings.checkMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  /** Looks now (after a backup): one run at a time, a second call gets the first's result. */
  runNow(): Promise<UploadRun> {
    this.running ??= this.run().finally(() => { this.running = null; });
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.runNow().then(
        () => { this.failures = 0; this.schedule(this.settings.checkMs); },
        () => { this.failures++; this.schedule(this.settings.checkMs * 2 ** Math.min(this.failures - 1, 4)); },
      );
    }, ms);
  }

  private async run(): Promise<UploadRun> {
    try {
      return await this.upload();
    } catch (error) {
      const message = (error as Error).message;
      updateOffboxState(this.dataDir, (s) => ({ ...s, lastError: message.slice(0, 500), lastErrorAt: this.now() }));
      this.deps.logger.warn({ err: message }, 'off-box copy: upload failed; it resumes on the next try');
      throw error;
    }
  }

  private async upload(): Promise<UploadRun> {
    const target = this.deps.target();
    if (!target) return { outcome: 'off', sent: 0 };
    const key = readOffboxKey(this.dataDir);
    if (!key) return { outcome: 'no-key', sent: 0 };
    const backup = newestCopyable(this.deps.dbFile);
    if (!backup) return { outcome: 'no-backup', sent: 0 };
    const state = readOffboxState(this.dataDir);
    if (state.last?.backupName === backup.name && !state.upload) return { outcome: 'up-to-date', sent: 0 };

    // A newer backup replaces an unfinished upload of an older one (the cloud drops the older at start).
    let found = state.upload?.backupName === backup.name ? state.upload : null;
    if (!found) {
      const sha256 = await hashFile(backup.file);
      found = {
        copyId: uuidv7(), backupName: backup.name, takenAt: backup.at, bytes: backup.bytes, sha256,
        chunkSize: this.settings.chunkBytes, chunkCount: Math.ceil(backup.bytes / this.settings.chunkBytes), startedAt: this.now(), chunksDone: 0,
      };
      const fresh = found;
      updateOffboxState(this.dataDir, (s) => ({ ...s, upload: fresh }));
    }
    const upload = found;
    const manifest: OffboxManifest = {
      format: 1, backupName: upload.backupName, takenAt: upload.takenAt, bytes: upload.bytes, sha256: upload.sha256,
      chunkSize: upload.chunkSize, chunkCount: upload.chunkCount, wrappedKey: key.wrapped,
    };
    const client = new OffboxClient(target, this.settings.timeoutMs);
    let answer;
    try {
      answer = await client.start(upload.copyId, manifest);
    } catch (error) {
      // The recovery code was made again since this upload started: start it afresh under the new wrapping.
      if (error instanceof OffboxError && error.code === 'OFFBOX_COPY_MISMATCH') this.forget(upload);
      throw error;
    }
    const sealKey = copyKey(key.dataKey, upload.copyId);
    let sent = 0;
    const fd = fs.openSync(path.join(backupDir(this.deps.dbFile), upload.backupName), 'r');
    try {
      for (const index of answer.missing) {
        const done = await this.deps.turns.forChunk(async () => {
          const plain = readChunk(fd, upload, index);
          await client.putChunk(upload.copyId, index, sealChunk(sealKey, upload.copyId, index, plain));
          return true;
        }, () => this.deps.queueEmpty(), () => this.halted, this.cycleSeen);
        if (done === null) return { outcome: 'stopped', sent, copyId: upload.copyId };
        sent++;
        const chunksDone = upload.chunkCount - answer.missing.length + sent;
        updateOffboxState(this.dataDir, (s) => ({ ...s, upload: s.upload ? { ...s.upload, chunksDone } : null }));
      }
    } finally {
      fs.closeSync(fd);
    }
    await client.complete(upload.copyId);
    const finished = upload;
    updateOffboxState(this.dataDir, (s) => ({ ...s, upload: null, last: { ...finished, completedAt: this.now() }, lastError: null, lastErrorAt: null }));
    this.deps.logger.info({ copyId: upload.copyId, backup: upload.backupName, bytes: upload.bytes, chunksSent: sent }, 'off-box copy complete');
    return { outcome: 'complete', sent, copyId: upload.copyId };
  }

  private forget(upload: OffboxUpload): void {
    updateOffboxState(this.dataDir, (s) => ({ ...s, upload: s.upload?.copyId === upload.copyId ? null : s.upload }));
  }
}

function readChunk(fd: number, upload: OffboxUpload, index: number): Buffer {
  const length = chunkLength(upload, index);
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, buffer, read, length - read, index * upload.chunkSize + read);
    if (n === 0) throw new Error(`${upload.backupName} is shorter than when its upload started`);
    read += n;
  }
  return buffer;
}

/** SHA-256 of a file, streamed (a 100 MB backup never sits in memory whole). */
export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file).on('data', (d) => hash.update(d)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}
