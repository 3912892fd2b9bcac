import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import { fillLog } from './helpers/sync-log.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import pino from 'pino';
import { Outbox } from '../src/sync/outbox.js';
import { PushWorker } from '../src/sync/push.js';
import { systemClock } from '../src/lib/clock.js';

let cloud: TestCloud;
const boxes: TestBox[] = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });
afterAll(async () => { await cloud.close(); });

async function expectClean(client: import('better-sqlite3').Database, locationId: string) {
  const report = await checkSync(client, cloud.db, locationId);
  expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0 });
  return report;
}

describe('sync faults', () => {
  it('a box restored from an old backup starts a new epoch; nothing lost, nothing doubled', async () => {
    const place = await cloud.place('restore');
    let t = await startTestBox();
    installMirror(t.box.deps.db.$client);
    t.box.services.sync.configure(cloud.url, place.credential);
    fillLog(t.box.deps.db.$client, 20);
    await t.box.services.sync.syncNow();
    const backup = `${t.dataDir}/backup.db`;
    await t.box.deps.db.$client.backup(backup);
    fillLog(t.box.deps.db.$client, 20);
    await t.box.services.sync.syncNow();
    const dataDir = t.dataDir;
    await t.box.stop();
    for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${dataDir}/${f}`, { force: true });
    fs.copyFileSync(backup, `${dataDir}/brigade.db`);
    t = await startTestBox({ dataDir });
    boxes.push(t);
    fillLog(t.box.deps.db.$client, 30); // new orders, reusing the seqs the cloud already saw
    await t.box.services.sync.syncNow();
    const status = t.box.services.sync.status();
    expect(status.queueDepth).toBe(0);
    expect(status.epoch).toBeGreaterThan(1); // a fresh, time-based epoch (issue 15), not "1 + 1"
    expect(status.newEpoch).toMatchObject({ epoch: status.epoch, forkedFrom: { epoch: 1 } });
    // The cloud also holds the 20 orders made after the backup (their stock sums differ from the
    // restored box's view); by id and version, nothing the restored box made is lost or doubled.
    const report = await checkSync(t.box.deps.db.$client, cloud.db, place.locationId);
    expect(report).toMatchObject({ changes: 50 * 5, lost: [], stale: [], duplicates: 0, paymentSumMismatches: [] });
    expect((await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [place.locationId])).rows[0]!.n).toBe(70);
  });

  it('two senders racing on one box neither lose nor double a change', async () => {
    const place = await cloud.place('race');
    const t = await startTestBox();
    boxes.push(t);
    const client = t.box.deps.db.$client;
    installMirror(client);
    fillLog(client, 2000);
    const settings = { intervalMs: 60_000, maxRows: 700, maxBytes: 1 << 20, timeoutMs: 10_000, backoffMaxMs: 1000 };
    const make = () => new PushWorker({ outbox: new Outbox(client), clock: systemClock, logger: pino({ level: 'silent' }), settings, target: () => ({ cloudUrl: cloud.url, credential: place.credential }) });
    const a = make();
    const b = make();
    await Promise.all([a.syncNow(), b.syncNow()]);
    expect(t.box.services.sync.status()).toMatchObject({ queueDepth: 0, epoch: 1, lastError: null });
    await expectClean(client, place.locationId);
  });

  it('a gap (the sender ran ahead of the cloud) → 409 → resend from the watermark', async () => {
    const place = await cloud.place('gap');
    const t = await startTestBox();
    boxes.push(t);
    const client = t.box.deps.db.$client;
    installMirror(client);
    t.box.services.sync.configure(cloud.url, place.credential);
    fillLog(client, 10);
    await t.box.services.sync.syncNow();
    fillLog(client, 10);
    // The box believes the cloud has more than it does.
    client.prepare('update sync_state set ack_seq = ack_seq + 7').run();
    await t.box.services.sync.syncNow();
    expect(t.box.services.sync.status()).toMatchObject({ queueDepth: 0, epoch: 1 });
    await expectClean(client, place.locationId);
  });
});
