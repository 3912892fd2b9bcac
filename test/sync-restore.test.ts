import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Outbox } from '../src/sync/outbox.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postBatch, startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import { fillLog } from './helpers/sync-log.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';

let cloud: TestCloud;
const boxes: TestBox[] = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });
afterAll(async () => { await cloud.close(); });

/** Stops the box and puts the backup file in place of its database, as an operator restoring by hand would. */
async function restore(t: TestBox, backup: string): Promise<TestBox> {
  const i = boxes.indexOf(t);
  if (i >= 0) boxes.splice(i, 1);
  await t.box.stop();
  for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${t.dataDir}/${f}`, { force: true });
  fs.copyFileSync(backup, `${t.dataDir}/brigade.db`);
  const next = await startTestBox({ dataDir: t.dataDir });
  boxes.push(next);
  return next;
}

const count = async (table: string, locationId: string) =>
  (await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE location_id = $1`, [locationId])).rows[0]!.n;

describe('restoring a box from a backup', () => {
  it('restoring the same backup twice, the second time offline, loses no sale in the cloud', async () => {
    const place = await cloud.place('restore twice');
    let t = await startTestBox();
    boxes.push(t);
    installMirror(t.box.deps.db.$client);
    t.box.services.sync.configure(cloud.url, place.credential);
    fillLog(t.box.deps.db.$client, 10);
    await t.box.services.sync.syncNow();
    const backup = `${t.dataDir}/../${t.dataDir.split('/').pop()}-backup.db`;
    await t.box.deps.db.$client.backup(backup);
    fillLog(t.box.deps.db.$client, 10);
    await t.box.services.sync.syncNow();

    // First restore: the box notices at its first push and moves to a new epoch.
    t = await restore(t, backup);
    fillLog(t.box.deps.db.$client, 15);
    await t.box.services.sync.syncNow();
    expect(t.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastError: null });

    // Second restore of the same file, with the cloud out of reach: orders reuse the same seqs.
    t = await restore(t, backup);
    t.box.services.sync.configure('http://127.0.0.1:9', place.credential);
    fillLog(t.box.deps.db.$client, 30);
    await t.box.services.sync.syncNow();
    expect(t.box.services.sync.status().queueDepth).toBeGreaterThan(0);
    t.box.services.sync.configure(cloud.url, place.credential);
    await t.box.services.sync.syncNow();

    expect(t.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastError: null });
    const report = await checkSync(t.box.deps.db.$client, cloud.db, place.locationId);
    expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ lost: [], stale: [], duplicates: 0, paymentSumMismatches: [] });
    // 10 before the backup, 10 lost by the first restore, 15 lost by the second, 30 on the box now.
    expect(await count('orders', place.locationId)).toBe(65);
    fs.rmSync(backup, { force: true });
  });

  it('a restore command\'s new epoch that collides with one the cloud knows (a clock set back) is replaced, nothing lost, the branch point kept', async () => {
    const place = await cloud.place('restore command');
    let t = await startTestBox();
    boxes.push(t);
    installMirror(t.box.deps.db.$client);
    t.box.services.sync.configure(cloud.url, place.credential);
    fillLog(t.box.deps.db.$client, 5);
    await t.box.services.sync.syncNow();
    const backup = `${t.dataDir}-backup.db`;
    await t.box.deps.db.$client.backup(backup);
    fillLog(t.box.deps.db.$client, 3);
    await t.box.services.sync.syncNow();
    t = await restore(t, backup);
    fillLog(t.box.deps.db.$client, 5);
    await t.box.services.sync.syncNow();
    const taken = t.box.services.sync.status().epoch;
    expect(taken).toBeGreaterThan(1);

    // The restore command starts a new epoch on the restored file before the box starts; the
    // box's clock is behind, so it lands on the epoch the first restore already used.
    const i = boxes.indexOf(t);
    boxes.splice(i, 1);
    await t.box.stop();
    for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${t.dataDir}/${f}`, { force: true });
    fs.copyFileSync(backup, `${t.dataDir}/brigade.db`);
    fs.rmSync(backup);
    const file = new Database(`${t.dataDir}/brigade.db`);
    new Outbox(file).startNewEpoch('restored from backup', Date.now());
    file.prepare('update sync_state set epoch = ?').run(taken);
    file.close();
    t = await startTestBox({ dataDir: t.dataDir });
    boxes.push(t);
    fillLog(t.box.deps.db.$client, 7);
    await t.box.services.sync.syncNow();

    const status = t.box.services.sync.status();
    expect(status).toMatchObject({ queueDepth: 0, lastError: null, newEpoch: { forkedFrom: { epoch: 1 } } });
    expect(status.epoch).toBeGreaterThan(taken);
    const report = await checkSync(t.box.deps.db.$client, cloud.db, place.locationId);
    expect(report.lost).toEqual([]);
    expect(await count('orders', place.locationId)).toBe(20);
  });

  it('a box on another history under an epoch the cloud knows is refused, acknowledges nothing, and resends under a new epoch', async () => {
    const place = await cloud.place('diverged');
    const a = await startTestBox();
    boxes.push(a);
    installMirror(a.box.deps.db.$client);
    a.box.services.sync.configure(cloud.url, place.credential);
    fillLog(a.box.deps.db.$client, 10);
    await a.box.services.sync.syncNow();
    // A copy of the box's file started next to it (the same box identity, the same epoch), e.g. a
    // restore onto a spare while the original still runs: both continue from the same seq.
    const copyDir = `${a.dataDir}-copy`;
    fs.mkdirSync(copyDir);
    await a.box.deps.db.$client.backup(`${copyDir}/brigade.db`);
    const b = await startTestBox({ dataDir: copyDir });
    boxes.push(b);
    await b.box.services.sync.syncNow();
    const epoch = b.box.services.sync.status().epoch;
    fillLog(a.box.deps.db.$client, 5);
    await a.box.services.sync.syncNow();
    const alerts: Array<{ type: string; data: any }> = [];
    b.box.deps.bus.subscribe((e) => alerts.push(e as { type: string; data: any }));
    fillLog(b.box.deps.db.$client, 20); // its first batch covers the seqs the other box just used
    await b.box.services.sync.syncNow();

    const status = b.box.services.sync.status();
    expect(status).toMatchObject({ queueDepth: 0, lastError: null });
    expect(status.epoch).toBeGreaterThan(epoch);
    const report = await checkSync(b.box.deps.db.$client, cloud.db, place.locationId);
    expect(report.lost).toEqual([]);
    expect(await count('orders', place.locationId)).toBe(35);
    const kinds = (await cloud.db.query<{ kind: string }>('SELECT kind FROM alerts WHERE location_id = $1', [place.locationId])).rows.map((r) => r.kind);
    expect(kinds).toContain('sync.diverged');
    expect(alerts.filter((e) => e.type === 'sync.alert').map((e) => e.data.kind)).toContain('new_epoch');
  });

  it('the cloud refuses a batch whose changes at the watermark are another transaction, and still skips a true replay', async () => {
    const place = await cloud.place('ingest diverged');
    const change = (seq: number, txId: string) => ({ seq, txId, entity: 'payment', entityId: `${place.locationId}-p-${txId}-${seq}`, op: 'insert', version: 0, row: { orderId: 'o-1', amount: 100 } });
    const first = await postBatch(cloud.url, place.credential, { schemaVersion: 2, epoch: 7, changes: [change(1, 'a'), change(2, 'b'), change(3, 'c')] });
    expect(first.status).toBe(200);
    const replay = await postBatch(cloud.url, place.credential, { schemaVersion: 2, epoch: 7, changes: [change(2, 'b'), change(3, 'c'), change(4, 'd')] });
    expect(replay.body).toMatchObject({ applied: 1, skipped: 2, watermark: { seq: 4, txId: 'd' } });
    const other = await postBatch(cloud.url, place.credential, { schemaVersion: 2, epoch: 7, changes: [change(3, 'x'), change(4, 'y'), change(5, 'z')] });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'SYNC_DIVERGED', details: { watermark: { epoch: 7, seq: 4, txId: 'd' }, highestEpoch: 7 } });
    expect(await count('payments', place.locationId)).toBe(4);
  });
});
