import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Db } from './open.js';

/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, stalling that request (and every request queued behind it) for
 * tens of milliseconds. Instead, a worker thread with its own connection runs a PASSIVE
 * checkpoint every second; PASSIVE never blocks the box's writes. If the worker ever stops, the
 * main connection goes back to automatic checkpoints so the WAL cannot grow without bound.
 *
 * SQLite starts the WAL over from its beginning only when a write begins after a checkpoint copied
 * every frame in it; a commit that lands while the checkpoint runs spoils that. Under steady load
 * (a commit every few ms, sooner than a big checkpoint finishes) that never happened: the WAL grew
 * by about 15 MB/s in the kitchen bench, every commit extended the file (a costlier fsync) and every
 * page read searched a larger WAL index. So after its copy the worker catches up with short rounds
 * (only the frames that came in meanwhile) until a round saw no new commit, which lets the next
 * write start the WAL over. When every round was overlapped by a commit (steady load), the box's own
 * connection copies the last few frames between two commands, once per interval at most: it is the
 * only writer, so nothing can land during that copy and the WAL is sure to start over. That copy
 * holds the event loop for about a millisecond (up to ~10 ms on a busy disk): an extra commit's
 * worth once a second, against a WAL that would otherwise grow all evening.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  let previous = -1;
  for (let round = 0; round < workerData.maxRounds; round++) {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    // log: frames in the WAL. Small: it was started over. Unchanged: no commit came in during the
    // last round, so the next write starts it over. busy: a reader holds frames back; next tick.
    if (result.busy || result.log <= workerData.smallFrames || result.log === previous) return;
    previous = result.log;
  }
  // Every round was overlapped by a commit: the WAL would keep growing. The box finishes it.
  parentPort.postMessage({ finish: true });
};
const timer = setInterval(() => {
  try { checkpoint(); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

/** Checkpoint rounds per tick in the worker: the first copies the interval's frames, the others what came in meanwhile. */
const CATCH_UP_ROUNDS = 4;
/** A WAL this short (in frames, one page each) was started over recently: nothing to catch up. */
const SMALL_WAL_FRAMES = 64;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Db, logger: Logger, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, intervalMs, maxRounds: CATCH_UP_ROUNDS, smallFrames: SMALL_WAL_FRAMES } });
  db.$client.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = (reason: string) => {
    if (stopping) return;
    logger.warn({ reason }, 'checkpoint worker stopped; SQLite checkpoints automatically again');
    if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
  };
  // The worker caught up but commits kept landing: copy the last frames here, between two commands.
  const finish = () => {
    if (stopping || !db.$client.open) return;
    try {
      db.$client.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      logger.warn({ error: String(error) }, 'WAL checkpoint failed');
    }
  };
  worker.on('message', (m: { error?: string; finish?: boolean }) => {
    if (m.error) logger.warn({ error: m.error }, 'WAL checkpoint failed');
    if (m.finish) finish();
  });
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
