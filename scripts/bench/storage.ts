/**
 * The storage limit: how many single-row transactions per second SQLite can commit with WAL and
 * synchronous=FULL (one fsync per commit) on the box's own disk. Every acknowledged order costs at
 * least one such commit, so orders/s ÷ this rate says how close the box gets to the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { progress } from './progress.js';
import type { Scenario, StorageResult } from './types.js';

/** Commits one-row transactions for `seconds` on a fresh file in `dir`. */
export function measureStorage(dir: string, seconds: number): StorageResult {
  const file = path.join(dir, 'storage-probe.db');
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  try {
    const journalMode = String(db.pragma('journal_mode = WAL', { simple: true }));
    db.pragma('synchronous = FULL');
    const synchronous = String(db.pragma('synchronous', { simple: true }));
    db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO probe (at, payload) VALUES (?, ?)');
    const commitOne = db.transaction((at: number) => insert.run(at, 'x'.repeat(200)));
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(seconds * 1e9));
    let transactions = 0;
    let now = started;
    while (now < deadline) {
      commitOne(Date.now());
      transactions += 1;
      now = process.hrtime.bigint();
    }
    const elapsed = Number(now - started) / 1e9;
    return {
      kind: 'storage', name: 'storage limit (1-row tx, WAL, synchronous=FULL)', durationSeconds: Math.round(elapsed * 100) / 100,
      transactions, transactionsPerSecond: Math.round(transactions / elapsed), journalMode,
      // PRAGMA synchronous answers a number: 2 is FULL.
      synchronous: synchronous === '2' ? 'FULL' : synchronous, file,
    };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

export const storageScenario: Scenario = {
  name: 'storage',
  async run(ctx) {
    progress(`storage: single-row transactions with synchronous=FULL for ${ctx.storageSeconds} s`);
    return [measureStorage(ctx.box.dataDir, ctx.storageSeconds)];
  },
};
