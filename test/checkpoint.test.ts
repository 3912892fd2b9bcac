import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { newId } from './helpers/fixtures.js';

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
});
