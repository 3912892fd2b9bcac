import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';

/**
 * Knowing whether the box runs on a data dir, for commands that must not run beside it (restore).
 * Two checks: the pid file the box writes on start (a clear message naming the process), then
 * SQLite itself — leaving WAL mode needs every other connection closed, so it fails while any
 * process (a box whose pid file was removed, a stuck CLI) still has the database open.
 */
const PID_FILE = 'box.pid';
const RESTORE_MARKER = 'restore.lock';

export interface PidInfo { pid: number; url: string; startedAt: number }

export function writePidFile(dataDir: string, info: PidInfo): void {
  fs.writeFileSync(path.join(dataDir, PID_FILE), JSON.stringify(info));
}

export function removePidFile(dataDir: string, pid: number): void {
  const info = readPidFile(dataDir);
  if (info?.pid === pid) fs.rmSync(path.join(dataDir, PID_FILE), { force: true });
}

/** The running box's pid file, or null when there is none or its process is gone (killed, power cut). */
export function runningBox(dataDir: string): PidInfo | null {
  const info = readPidFile(dataDir);
  if (!info || info.pid === process.pid) return null;
  try {
    process.kill(info.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  // After a power cut the pid file stays and, after a reboot, its number may belong to another
  // program: on Linux, only a node process counts.
  try {
    const cmdline = fs.readFileSync(`/proc/${info.pid}/cmdline`, 'utf8');
    if (!cmdline.includes('node')) return null;
  } catch {
    // No /proc (not Linux) or not ours to read: trust the pid.
  }
  return info;
}

function readPidFile(dataDir: string): PidInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8')) as PidInfo;
  } catch {
    return null;
  }
}

/**
 * Throws BOX_RUNNING unless nothing else has the database open. Leaves the database in rollback
 * journal mode with its WAL folded in (the box turns WAL back on when it opens it).
 */
export function assertBoxStopped(dataDir: string, dbFile: string): void {
  const running = runningBox(dataDir);
  if (running) {
    throw new AppError('BOX_RUNNING', `The box is running (pid ${running.pid}, ${running.url}). Stop it first (sudo systemctl stop brigade, or Ctrl-C), then run this again.`);
  }
  if (!fs.existsSync(dbFile)) return;
  let db: Database.Database;
  try {
    db = new Database(dbFile, { fileMustExist: true });
  } catch (error) {
    if (isBusy(error)) throw new AppError('BOX_RUNNING', OPEN_ELSEWHERE);
    return; // damaged beyond opening (the reason for a restore, often): no one can be using it
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    if (db.pragma('journal_mode', { simple: true }) !== 'delete') throw new AppError('BOX_RUNNING', OPEN_ELSEWHERE);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isBusy(error)) throw new AppError('BOX_RUNNING', OPEN_ELSEWHERE);
    // A damaged database may fail here for other reasons; the pid check above found no box.
  } finally {
    db.close();
  }
}

const OPEN_ELSEWHERE = 'Another process has the box\'s database open (a running box?). Stop it first, then run this again.';

function isBusy(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** Marks a restore as under way: the box refuses to start until it is done. */
export function markRestoring(dataDir: string, backupFile: string): void {
  fs.writeFileSync(path.join(dataDir, RESTORE_MARKER), JSON.stringify({ backupFile, pid: process.pid, at: Date.now() }));
}

export function clearRestoring(dataDir: string): void {
  fs.rmSync(path.join(dataDir, RESTORE_MARKER), { force: true });
}

/** Throws RESTORE_IN_PROGRESS when a restore started and did not finish (the database may be missing or old). */
export function assertNotRestoring(dataDir: string): void {
  const marker = path.join(dataDir, RESTORE_MARKER);
  if (!fs.existsSync(marker)) return;
  let backupFile = 'the backup';
  try { backupFile = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { backupFile: string }).backupFile; } catch { /* unreadable marker: still refuse */ }
  throw new AppError('RESTORE_IN_PROGRESS', `A restore of ${backupFile} was started and did not finish. Run: npm run cli -- backup restore ${backupFile}`);
}
