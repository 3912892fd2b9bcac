import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { Outbox } from '../sync/outbox.js';
import { assertBoxStopped, clearRestoring, markRestoring } from './box-lock.js';
import { finishCopy, removeDatabaseFiles } from './copy.js';
import { BackupService } from './service.js';
import { DEFAULT_RETENTION, backupDir, backupName, listBackups, type BackupFile } from './store.js';

export interface RestoreResult {
  restored: string;
  /** The database as it was before, kept as a `pre-restore` backup (undefined when there was none). */
  previous?: BackupFile;
  /** The sync epoch the box now pushes under. */
  epoch: number;
}

export interface RestoreOptions {
  /**
   * Changes to make in the restored copy before it replaces the database (a replacement box
   * restoring the cloud's copy writes its own identity and credential there), so a crash leaves
   * the old database or the new one with them, never the new one without.
   */
  prepare?(staged: Database.Database): void;
}

/** A path as typed, or a backup's name in the box's backups dir. */
export function resolveBackupFile(dbFile: string, given: string): string {
  if (fs.existsSync(given)) return path.resolve(given);
  const inDir = path.join(backupDir(dbFile), given);
  if (fs.existsSync(inDir)) return inDir;
  throw new AppError('BACKUP_INVALID', `No backup file ${given} (nor ${inDir}). See: npm run cli -- backup list`);
}

/**
 * Replaces the box's database with a backup, with the box stopped. In order, each step safe to
 * crash after: mark the restore (the box refuses to start until it is done); refuse if the box
 * runs; copy and check the backup next to the database; keep the current database as a
 * `pre-restore` backup; start a new sync epoch in the copy (its change-log numbers may repeat
 * ones the cloud already has, architecture §6: the cloud gets everything again under the new epoch);
 * swap the files; clear the mark.
 */
export function restoreBackup(dbFile: string, given: string, now: number = Date.now(), options: RestoreOptions = {}): RestoreResult {
  const dataDir = path.dirname(dbFile);
  const source = resolveBackupFile(dbFile, given);
  fs.mkdirSync(dataDir, { recursive: true });
  markRestoring(dataDir, source);
  const staged = `${dbFile}.restoring`;
  let epoch: number;
  try {
    assertBoxStopped(dataDir, dbFile);
    removeDatabaseFiles(staged);
    fs.copyFileSync(source, staged);
    finishCopy(staged, 'integrity');
    epoch = startNewEpoch(staged, path.basename(source), now, options.prepare);
  } catch (error) {
    // Nothing was replaced yet: the box may start on its database as before.
    removeDatabaseFiles(staged);
    clearRestoring(dataDir);
    if (error instanceof AppError) throw error;
    throw new AppError('BACKUP_INVALID', `${source} cannot be restored: ${(error as Error).message}`);
  }

  const previous = fs.existsSync(dbFile) ? keepCurrent(dbFile, now) : undefined;
  removeDatabaseFiles(dbFile);
  fs.renameSync(staged, dbFile);
  clearRestoring(dataDir);
  return { restored: source, previous, epoch };
}

/**
 * Keeps the database being replaced as a `pre-restore` backup: a checked copy when it can be read,
 * else its raw files (a damaged database is often why one restores; someone may still want it).
 */
function keepCurrent(dbFile: string, now: number): BackupFile | undefined {
  let current: Database.Database | undefined;
  try {
    current = new Database(dbFile, { fileMustExist: true });
    return new BackupService(current, DEFAULT_RETENTION, () => now).takeNow('pre-restore');
  } catch {
    const dir = backupDir(dbFile);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, backupName(now, 'pre-restore'));
    fs.copyFileSync(dbFile, target);
    // SQLite reads `<name>-wal` beside a database: the copy keeps its unfolded changes.
    if (fs.existsSync(`${dbFile}-wal`)) fs.copyFileSync(`${dbFile}-wal`, `${target}-wal`);
    return listBackups(dir).find((b) => b.file === target);
  } finally {
    current?.close();
  }
}

function startNewEpoch(file: string, name: string, now: number, prepare?: (staged: Database.Database) => void): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    const hasSync = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'sync_state'").get() !== undefined;
    if (!hasSync) throw new Error('it is not a Brigade database (no sync_state table)');
    const epoch = new Outbox(db).startNewEpoch(`restored from backup ${name}`, now);
    prepare?.(db);
    return epoch;
  } finally {
    db.close();
  }
}
