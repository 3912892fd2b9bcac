/**
 * Issue 22, the box's rule for rows it changed since the restore: the restored box's newer writes
 * win, on the box and then in the cloud, while the payments the restore lost still come back and
 * count in the order's header.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import pino from 'pino';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';

let cloud: TestCloud;
let t: TestBox;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await t?.close(); await cloud.close(); });

describe('restore catch-up: who wins', () => {
  it('an order the restored box changed keeps the box\'s change, takes the lost payments into its header, and the cloud ends up with the box\'s row', async () => {
    const place = await cloud.place('rules bistro');
    t = await startTestBox();
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const waiter = await r.signInAs('waiter');
    t.box.services.sync.configure(cloud.url, place.credential);
    const created = await t.api('POST', '/orders', { token: waiter.token, body: { id: uuid(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 4 }] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await t.box.services.sync.syncNow();
    const backup = `${t.dataDir}-backup.db`;
    await t.box.deps.db.$client.backup(backup);

    // The lost history: two part payments (the order reaches version 3 in the cloud).
    const pay = async (amount: number) => {
      const res = await t.api('POST', `/orders/${id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `k-${uuid()}` }, body: { method: 'cash', amount } });
      expect(res.status).toBe(201);
      return res.body.payment.id as string;
    };
    const payments = [await pay(300), await pay(400)];
    await t.box.services.sync.syncNow();

    // Restored; offline, a waiter notes something on the order (version 2 on the box, newer than the lost version 3).
    await t.box.stop();
    for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${t.dataDir}/${f}`, { force: true });
    fs.copyFileSync(backup, `${t.dataDir}/brigade.db`);
    fs.rmSync(backup);
    const offline = new Database(`${t.dataDir}/brigade.db`);
    offline.prepare("update sync_state set cloud_url = 'http://127.0.0.1:9'").run();
    offline.close();
    t = await startTestBox({ dataDir: t.dataDir });
    await t.box.services.inbox.stop();
    const noted = await t.api('PATCH', `/orders/${id}`, { token: waiter.token, body: { notes: 'window seat' } });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ version: 2, totals: { paid: 0 } });

    // Online: the cloud keeps its version 3 (higher), and sends it back with the payments.
    t.box.services.sync.configure(cloud.url, place.credential);
    await t.box.services.sync.syncNow();
    const cloudOrder = async () => (await cloud.db.query<{ version: number; epoch: number; paid: string; row: { notes: string | null } }>(
      'SELECT version, epoch, paid, row FROM orders WHERE location_id = $1 AND id = $2', [place.locationId, id])).rows[0]!;
    expect(await cloudOrder()).toMatchObject({ version: 3, epoch: 1, row: { notes: null } });

    t.box.services.inbox.start(pino({ level: 'silent' }));
    await until('the catch-up to be applied', () => t.box.services.inbox.status().restoreCatchup?.state === 'applied');
    expect(t.box.services.inbox.status().restoreCatchup).toMatchObject({ orders: 1, keptBox: 1, replaced: 0, unresolved: [] });
    const onBox = (await t.api('GET', `/orders/${id}`, { token: waiter.token })).body;
    expect(onBox).toMatchObject({ notes: 'window seat', totals: { paid: 700 } });
    expect(onBox.version).toBeGreaterThan(3);
    const boxPayments = t.box.deps.db.$client.prepare('select id from payments where order_id = ? order by id').all(id) as { id: string }[];
    expect(boxPayments.map((p) => p.id)).toEqual([...payments].sort());

    // The box's row, bumped above the cloud's, reaches the cloud: notes and paid as on the box, under the new epoch.
    await t.box.services.sync.syncNow();
    const after = await cloudOrder();
    expect(after).toMatchObject({ version: onBox.version, row: { notes: 'window seat' } });
    expect(Number(after.paid)).toBe(700);
    expect(after.epoch).toBe(t.box.services.sync.status().epoch);
    const owner = await signInOwner(cloud);
    await until('the cloud to see the catch-up applied', async () =>
      (await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner })).body.catchUp?.status === 'applied');
    expect((await api(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner })).body).toMatchObject({ orders: [], days: [] });
  }, 120_000);
});
