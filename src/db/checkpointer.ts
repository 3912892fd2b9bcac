import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Db } from './open.js';

/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, stalling that request (and every request queued behind it) for
 * tens of milliseconds. Instead, a worker thread with its own connection runs a PASSIVE
 * checkpoint every second; PASSIVE never blocks the box's writes. If the worker ever stops, the
 * main connection goes back to automatic checkpoints so the WAL cannot grow without bound.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Db, logger: Logger, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, intervalMs } });
  db.$client.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = (reason: string) => {
    if (stopping) return;
    logger.warn({ reason }, 'checkpoint worker stopped; SQLite checkpoints automatically again');
    if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (m: { error?: string }) => { if (m.error) logger.warn({ error: m.error }, 'WAL checkpoint failed'); });
  worker.on('error', (error) => fallBack(String(error)));
  worker.on('exit', (code) => fallBack(`exit ${code}`));
  worker.unref();
  return {
    async stop() {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
    },
  };
}
