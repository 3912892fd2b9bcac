import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { v7 as uuid } from 'uuid';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { burgerLine, seedBistro } from './helpers/fixtures.js';
import { fillLog } from './helpers/sync-log.js';
import { receiveAll, seedPantry, stockApi } from './helpers/stock.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';

let cloud: TestCloud;
const boxes: TestBox[] = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });
afterAll(async () => { await cloud.close(); });

/** A box with the change-log mirror installed, pointed at a fresh location of the cloud. */
async function boxForNewLocation(name: string) {
  const t = await startTestBox();
  boxes.push(t);
  installMirror(t.box.deps.db.$client);
  const place = await cloud.place(name);
  return { t, place, sync: t.box.services.sync, client: t.box.deps.db.$client };
}

const expectClean = async (client: import('better-sqlite3').Database, locationId: string) => {
  const report = await checkSync(client, cloud.db, locationId);
  expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0 });
  return report;
};

describe('push worker', () => {
  it('is off until configured; the box queues changes and works the same', async () => {
    const { sync, client } = await boxForNewLocation('off');
    const n = fillLog(client, 3);
    await sync.syncNow();
    expect(sync.status()).toMatchObject({ configured: false, queueDepth: n, lastError: null, lastSuccessAt: null });
  });

  it('drains a backlog of over 100k changes after the cloud was down, then reports no loss and no duplicate', async () => {
    const { sync, client, place } = await boxForNewLocation('backlog');
    const changes = fillLog(client, Number(process.env.SYNC_TEST_BACKLOG_ORDERS ?? 20_100), { linesPer: 2, stockPer: 2 });
    const started = Date.now();
    if (!process.env.SYNC_TEST_BACKLOG_ORDERS) expect(changes).toBeGreaterThanOrEqual(100_000);
    // The cloud is down: a port nobody listens on.
    sync.configure('http://127.0.0.1:9', place.credential);
    await sync.syncNow();
    expect(sync.status()).toMatchObject({ configured: true, queueDepth: changes, lastSuccessAt: null });
    expect(sync.status().lastError).toMatch(/cloud unreachable/);
    // Heal.
    sync.configure(cloud.url, place.credential);
    await sync.syncNow();
    expect(sync.status()).toMatchObject({ queueDepth: 0, oldestUnsentAt: null, lastError: null, epoch: 1 });
    console.log(`backlog of ${changes} changes drained in ${Date.now() - started} ms`);
    const report = await expectClean(client, place.locationId);
    expect(report.changes).toBe(changes);
  }, 180_000);

  it('syncs what the restaurant does through the API (orders, lines, payments)', async () => {
    const { t, sync, client, place } = await boxForNewLocation('api');
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const waiter = await r.signInAs('waiter');
    const order = await t.api('POST', '/orders', { token: waiter.token, body: { id: uuid(), type: 'takeaway', lines: [burgerLine(b), { itemId: b.items.soda, quantity: 2 }] } });
    expect(order.status).toBe(201);
    const paid = await t.api('POST', `/orders/${order.body.id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `k-${uuid()}` }, body: { method: 'card' } });
    expect(paid.status).toBe(201);
    sync.configure(cloud.url, place.credential);
    await sync.syncNow();
    expect(sync.status().queueDepth).toBe(0);
    const report = await expectClean(client, place.locationId);
    expect(report.entities).toBeGreaterThan(5);
    const orders = await cloud.db.query('SELECT id FROM orders WHERE location_id = $1', [place.locationId]);
    expect(orders.rows).toHaveLength(1);
    expect((await cloud.db.query('SELECT sum(amount)::int AS s FROM payments WHERE location_id = $1', [place.locationId])).rows[0]).toEqual({ s: (client.prepare('select sum(amount) as s from payments').get() as { s: number }).s });
  });

  it('syncs the stock the kitchen used, received and lost: every movement once, on-hand per ingredient equal, alerts too', async () => {
    const { t, sync, client, place } = await boxForNewLocation('stock');
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const p = await seedPantry(r, b);
    await receiveAll(r, [[p.beef, 0.2, 'kg'], [p.bun, 10, 'piece'], [p.onion, 1, 'kg'], [p.mayo, 1, 'kg'], [p.ketchup, 1, 'kg'], [p.cheddar, 1, 'kg'], [p.bacon, 1, 'kg'], [p.potato, 2, 'kg'], [p.cola, 2, 'l']]);
    await stockApi(r, 'PATCH', `/stock/ingredients/${p.beef}`, { lowThreshold: 0.1 }); // in kg: the burger's 180 g takes beef under it
    const waiter = await r.signInAs('waiter');
    const order = await t.api('POST', '/orders', { token: waiter.token, body: { id: uuid(), type: 'takeaway', lines: [burgerLine(b), { itemId: b.items.soda, quantity: 2 }] } });
    expect(order.status).toBe(201);
    expect((await t.api('POST', `/orders/${order.body.id}/fire`, { token: waiter.token, body: {} })).status).toBe(200);
    await stockApi(r, 'POST', '/stock/waste', { ingredientId: p.bun, quantity: 2, unit: 'piece', reason: 'dropped' });

    sync.configure(cloud.url, place.credential);
    await sync.syncNow();
    expect(sync.status().queueDepth).toBe(0);
    const report = await expectClean(client, place.locationId);
    expect(report.rejected).toBe(0);
    const boxLevels = client.prepare('select ingredient_id as id, on_hand as onHand from stock_levels order by ingredient_id').all() as Array<{ id: string; onHand: number }>;
    const cloudLevels = (await cloud.db.query('SELECT ingredient_id AS id, sum(quantity)::bigint AS s FROM stock_movements WHERE location_id = $1 GROUP BY ingredient_id ORDER BY ingredient_id', [place.locationId])).rows;
    expect(cloudLevels.map((row: any) => ({ id: row.id, onHand: Number(row.s) }))).toEqual(boxLevels.filter((l) => l.onHand !== 0 || cloudLevels.some((c: any) => c.id === l.id)));
    const usage = (await cloud.db.query(`SELECT count(*)::int AS n FROM stock_movements WHERE location_id = $1 AND order_id = $2`, [place.locationId, order.body.id])).rows[0]!;
    expect(usage.n).toBeGreaterThan(3);
    const ingredients = (await cloud.db.query('SELECT count(*)::int AS n FROM ingredients WHERE location_id = $1', [place.locationId])).rows[0]!;
    expect(ingredients.n).toBe((client.prepare('select count(*) as n from ingredients').get() as { n: number }).n);
    const alerts = (await cloud.db.query(`SELECT ingredient_id AS id, kind, status FROM stock_alerts WHERE location_id = $1`, [place.locationId])).rows;
    expect(alerts).toContainEqual({ id: p.beef, kind: 'low', status: 'open' });
    const rejects = (await cloud.db.query('SELECT count(*)::int AS n FROM sync_rejects WHERE location_id = $1', [place.locationId])).rows[0]!;
    expect(rejects.n).toBe(0);
  });

  it('GET /sync/status answers managers, not waiters', async () => {
    const { t } = await boxForNewLocation('status');
    const r = await setUpRestaurant(t);
    const manager = await t.api('GET', '/sync/status', { token: (await r.signInAs('manager')).token });
    expect(manager.status).toBe(200);
    expect(manager.body).toMatchObject({ configured: false, epoch: 1 });
    expect((await t.api('GET', '/sync/status', { token: (await r.signInAs('waiter')).token })).status).toBe(403);
  });
});
