import fs from 'node:fs';
import Database from 'better-sqlite3';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';
import pino from 'pino';

let cloud: TestCloud;
let t: TestBox;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await t?.close(); await cloud.close(); });

describe('what a restore lost', () => {
  it('after a restore, the owner sees exactly which orders and payments the box lost, labelled by epoch, and why its Z is short; the box numbers new orders above them once online, and the catch-up brings them back', async () => {
    const place = await cloud.place('restored bistro');
    t = await startTestBox();
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const waiter = await r.signInAs('waiter');
    t.box.services.sync.configure(cloud.url, place.credential);
    const sell = async (box: TestBox, quantity: number) => {
      const order = await box.api('POST', '/orders', { token: waiter.token, body: { id: uuid(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity }] } });
      expect(order.status).toBe(201);
      const paid = await box.api('POST', `/orders/${order.body.id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `k-${uuid()}` }, body: { method: 'card' } });
      expect(paid.status).toBe(201);
      return { id: order.body.id as string, number: order.body.number as number, paid: order.body.totals.total as number };
    };
    await sell(t, 1);
    await sell(t, 2);
    await t.box.services.sync.syncNow();
    const backup = `${t.dataDir}-backup.db`;
    await t.box.deps.db.$client.backup(backup);
    const lost = [await sell(t, 3), await sell(t, 4)];
    await t.box.services.sync.syncNow();
    expect(lost.map((o) => o.number)).toEqual([3, 4]);

    await t.box.stop();
    for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${t.dataDir}/${f}`, { force: true });
    fs.copyFileSync(backup, `${t.dataDir}/brigade.db`);
    fs.rmSync(backup);
    // Restored while the internet is down: the first order after the restore gets number 3 again.
    const offline = new Database(`${t.dataDir}/brigade.db`);
    offline.prepare("update sync_state set cloud_url = 'http://127.0.0.1:9'").run();
    offline.close();
    t = await startTestBox({ dataDir: t.dataDir });
    const reused = await sell(t, 5);
    expect(reused.number).toBe(3);
    // The catch-up (issue 22) waits: first the owner's view of what was lost.
    await t.box.services.inbox.stop();
    t.box.services.sync.configure(cloud.url, place.credential);
    await t.box.services.sync.syncNow();
    // Once the box has reached the cloud, it numbers above what the cloud holds for the day.
    expect((await sell(t, 6)).number).toBe(5);
    await t.box.services.sync.syncNow();

    // The box says it moved to a new epoch after a restore, and from where.
    const status = t.box.services.sync.status();
    expect(status).toMatchObject({ queueDepth: 0, lastError: null, newEpoch: { epoch: status.epoch, forkedFrom: { epoch: 1 } } });
    expect(status.newEpoch!.reason).toMatch(/restored from a backup/);

    const owner = await signInOwner(cloud);
    const res = await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.body.currentEpoch).toBe(status.epoch);
    expect(res.body.catchUp).toMatchObject({ status: 'pending', parts: 1, orders: 2 });
    expect(res.body.orders.map((o: any) => ({ id: o.id, number: o.number, numberReused: o.numberReused, epoch: o.epoch }))).toEqual([
      { id: lost[0]!.id, number: 3, numberReused: true, epoch: 1 },
      { id: lost[1]!.id, number: 4, numberReused: false, epoch: 1 },
    ]);
    expect(res.body.orders[0].ref).toMatch(/ #3 \(epoch 1\)$/);
    const lostAmount = lost[0]!.paid + lost[1]!.paid;
    expect(res.body.days).toHaveLength(1);
    expect(res.body.days[0]).toMatchObject({ orders: 2, payments: 2, paymentsAmount: lostAmount });
    expect(res.body.days[0].explanation).toMatch(/short by them/);

    // The box's payments plus what the restore lost are the cloud's: that is why its Z differs.
    const boxSum = (t.box.deps.db.$client.prepare('select sum(amount) as s from payments').get() as { s: number }).s;
    const cloudSum = Number((await cloud.db.query<{ s: string }>('SELECT sum(amount) AS s FROM payments WHERE location_id = $1', [place.locationId])).rows[0]!.s);
    expect(cloudSum).toBe(boxSum + lostAmount);

    // The box applies the catch-up the cloud sent: the lost orders are back with their numbers (the
    // reused #3 and the lost #3 side by side), its payments equal the cloud's, and nothing is listed lost.
    expect(t.box.services.inbox.status().restoreCatchup).toMatchObject({ state: 'pending', partsApplied: 0 });
    t.box.services.inbox.start(pino({ level: 'silent' }));
    await until('the catch-up to be applied', () => t.box.services.inbox.status().restoreCatchup?.state === 'applied');
    expect(t.box.services.inbox.status().restoreCatchup).toMatchObject({ parts: 1, partsApplied: 1, orders: 2, unresolved: [] });
    const numbers = (t.box.deps.db.$client.prepare('select number from orders order by number').all() as { number: number }[]).map((o) => o.number);
    expect(numbers).toEqual([1, 2, 3, 3, 4, 5]);
    expect((t.box.deps.db.$client.prepare('select sum(amount) as s from payments').get() as { s: number }).s).toBe(cloudSum);
    await until('the cloud to see the catch-up applied', async () =>
      (await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner })).body.catchUp?.status === 'applied');
    const after = await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner });
    expect(after.body).toMatchObject({ orders: [], days: [] });

    // Only people who may see the location.
    const other = await inviteMember(cloud.url, owner, { email: `m${uuid().slice(-6)}@example.com`, role: 'manager', locationIds: [cloud.a.locationId] });
    const refused = await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: other.token });
    expect(refused.status).toBe(403);
    expect((await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`)).status).toBe(401);
  });
});
