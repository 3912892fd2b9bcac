import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { newId } from './helpers/fixtures.js';
import { runCommand, SYSTEM_ACTOR } from '../src/db/command.js';

/** The WAL header's checkpoint sequence number: SQLite adds one each time it starts the WAL over. */
function walRestarts(dbFile: string): number {
  const fd = fs.openSync(`${dbFile}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally { fs.closeSync(fd); }
}

let t: TestBox;
afterEach(async () => { await t.close(); });

describe('WAL checkpoints', () => {
  it('move committed orders into the main database file in the background, within about a second', async () => {
    t = await startTestBox();
    const r = await setUpRestaurant(t);
    for (let i = 0; i < 20; i++) await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway' } });
    const mainFileHas = () => {
      // Only the main file, without its -wal: what a checkpoint has already written there.
      const copy = path.join(t.dataDir, 'main-only.db');
      fs.copyFileSync(t.dbFile, copy);
      const db = new Database(copy, { readonly: true });
      try {
        const table = db.prepare("select 1 from sqlite_master where name = 'orders'").get();
        return table ? (db.prepare('select count(*) as n from orders').get() as { n: number }).n : 0;
      } finally { db.close(); fs.rmSync(copy); }
    };
    const deadline = Date.now() + 5000;
    while (mainFileHas() < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mainFileHas()).toBe(20);
    expect((t.box.deps.db.$client.pragma('wal_autocheckpoint') as Array<{ wal_autocheckpoint: number }>)[0]!.wal_autocheckpoint).toBe(0);
  });

  it('start the WAL over while writes keep coming at a steady pace, so it does not grow all evening', async () => {
    t = await startTestBox();
    const before = walRestarts(t.dbFile);
    const filler = 'x'.repeat(8000);
    // About 250 commits a second of a few pages each: a commit lands during every full checkpoint.
    // Writes go on until the WAL has started over, for 15 s at most: on a quiet machine that takes
    // one or two checkpoint ticks (about 1-2 s), but with the whole suite running beside it the
    // worker thread alone can take seconds to start. Without the fix it never starts over.
    const until = Date.now() + 15_000;
    while (Date.now() < until && walRestarts(t.dbFile) === before) {
      await runCommand(t.box.deps, SYSTEM_ACTOR, (ctx) => ctx.audit({ action: 'test.tick', details: { filler } }));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(walRestarts(t.dbFile)).toBeGreaterThan(before);
  });
});
