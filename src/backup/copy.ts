import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CopyProgress {
  totalPages: number;
  remainingPages: number;
}

/**
 * Pages copied per step when the source is the box's own connection. Each step runs on the event
 * loop between two commands; 256 pages of 4 KiB take about a millisecond, so an order waits at
 * most that long behind a step (measured by `npm run bench -- backup`).
 */
export const PAGES_PER_STEP = 256;

/**
 * Online copy of the database with SQLite's backup API. `source` must be the box's writing
 * connection when the box runs (writes it makes during the copy are copied too, so the backup never
 * restarts); from another process, pass `pagesPerStep: 'all'`: one step under one WAL read snapshot,
 * which never blocks the box's writers (another connection's writes would restart a stepped copy).
 */
export async function copyDatabase(source: Database.Database, dest: string, options: { pagesPerStep: number | 'all'; onProgress?: (p: CopyProgress) => void }): Promise<void> {
  const rate = options.pagesPerStep === 'all' ? 0x7fffffff : options.pagesPerStep;
  const done = await source.backup(dest, {
    progress: (p) => {
      options.onProgress?.(p);
      return rate;
    },
  });
  options.onProgress?.({ totalPages: done.totalPages, remainingPages: 0 });
}

/**
 * Turns a fresh copy into a self-contained file (rollback journal, no -wal next to it) and checks
 * it page by page. Throws when the copy is damaged; the caller then deletes it.
 */
export function finishCopy(file: string, check: 'integrity' | 'quick' = 'integrity'): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const result = db.pragma(check === 'integrity' ? 'integrity_check' : 'quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`The backup copy failed its ${check} check: ${String(result)}`);
  } finally {
    db.close();
  }
}

const CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('journal_mode = DELETE');
  parentPort.postMessage({ result: String(db.pragma(workerData.pragma, { simple: true })) });
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message || error) });
} finally {
  db.close();
}
`;

/**
 * finishCopy on a worker thread: checking every page of a 100 MB copy takes seconds of CPU, which
 * on the box's event loop would hold every order that long. Measured in the backup bench.
 */
export function finishCopyOffThread(file: string, check: 'integrity' | 'quick' = 'integrity'): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_WORKER, { eval: true, workerData: { file, pragma: check === 'integrity' ? 'integrity_check' : 'quick_check' } });
    let answered = false;
    worker.once('message', (m: { result?: string; error?: string }) => {
      answered = true;
      if (m.error !== undefined) reject(new Error(m.error));
      else if (m.result !== 'ok') reject(new Error(`The backup copy failed its ${check} check: ${m.result}`));
      else resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (!answered) reject(new Error(`backup check worker exited with code ${code}`)); });
  });
}

/** Removes a database file with its -wal, -shm and -journal companions (none may stay next to a replacement). */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
