import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { expectError, onHand, receiveAll, seedPantry, stockApi, type Pantry } from './helpers/stock.js';
import { connect, hello, pairDevice } from './helpers/ws-client.js';
import { manualClock } from '../src/lib/clock.js';

const clock = manualClock();
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let p: Pantry;
beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 20, 18, 0, 0));
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  p = await seedPantry(r, b);
});
afterEach(async () => { await t.close(); });

const sodaOrder = async (token = r.ownerToken, quantity = 1) => (await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity }] }, token));
const rows = (sql: string, ...args: unknown[]) => {
  const db = new Database(t.dbFile, { readonly: true });
  try { return db.prepare(sql).all(...args) as any[]; } finally { db.close(); }
};

describe('automatic 86', () => {
  it('takes the soda off a connected tablet when the cola runs out, and brings it back when cola is received', async () => {
    const tablet = await pairDevice(r, 'tablet');
    const { socket } = await hello(t.url, tablet.token, ['menu']);
    await receiveAll(r, [[p.cola, 50, 'cl']]);
    const back = await socket.waitFor((f) => f.type === 'menu.availability' && f.data.itemId === b.items.soda);
    expect(back.data).toEqual({ itemId: b.items.soda, available: true, stockOut: false, orderable: true });
    const etag = (await t.api('GET', '/menu', { token: r.ownerToken })).headers.get('etag');

    await stockApi(r, 'POST', `/orders/${(await sodaOrder()).id}/fire`, {});
    const out = await socket.waitFor((f) => f.type === 'menu.availability' && f.data.itemId === b.items.soda);
    expect(out.data).toEqual({ itemId: b.items.soda, available: true, stockOut: true, orderable: false });
    const menu = await t.api('GET', '/menu', { token: r.ownerToken });
    expect(menu.headers.get('etag')).not.toBe(etag);
    const soda = menu.body.categories.flatMap((c: any) => c.items).find((i: any) => i.id === b.items.soda);
    expect(soda).toMatchObject({ available: true, stockOut: true });
    const refused = await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] } });
    expectError(refused, 409, 'ITEM_UNAVAILABLE');
    const image = rows("select row from change_log where entity = 'menu_item' order by seq desc limit 1").map((c) => JSON.parse(c.row))[0];
    expect(image).toMatchObject({ id: b.items.soda, stockOut: true, available: true });

    await receiveAll(r, [[p.cola, 1, 'l']]);
    const again = await socket.waitFor((f) => f.type === 'menu.availability' && f.data.itemId === b.items.soda);
    expect(again.data).toMatchObject({ stockOut: false, orderable: true });
    await sodaOrder();
    socket.close();
  });

  it('a manual 86 stays when stock comes back, until a person lifts it', async () => {
    const tablet = await pairDevice(r, 'tablet');
    const { socket } = await hello(t.url, tablet.token, ['menu']);
    await stockApi(r, 'POST', `/menu/items/${b.items.soda}/availability`, { available: false });
    await socket.waitFor((f) => f.type === 'menu.availability' && f.data.available === false);
    await receiveAll(r, [[p.cola, 5, 'l']]);
    const restocked = await socket.waitFor((f) => f.type === 'menu.availability' && f.data.stockOut === false);
    expect(restocked.data).toEqual({ itemId: b.items.soda, available: false, stockOut: false, orderable: false });
    expectError(await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] } }), 409, 'ITEM_UNAVAILABLE');
    await stockApi(r, 'POST', `/menu/items/${b.items.soda}/availability`, { available: true });
    await sodaOrder();
    socket.close();
  });

  it('an option whose extra cannot be covered is unavailable while the dish stays on', async () => {
    await receiveAll(r, [[p.beef, 1, 'kg'], [p.bun, 10, 'piece'], [p.onion, 1, 'kg'], [p.mayo, 1, 'kg'], [p.ketchup, 1, 'kg'], [p.potato, 1, 'kg'], [p.bacon, 1, 'kg'], [p.cheddar, 20, 'g']]);
    const burger = { itemId: b.items.burger, quantity: 1, optionIds: [b.options.rare, b.options.cheese, b.options.fries] };
    expectError(await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway', lines: [burger] } }), 409, 'OPTION_UNAVAILABLE');
    await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ ...burger, optionIds: [b.options.rare, b.options.fries] }] });
    await receiveAll(r, [[p.cheddar, 10, 'g']]);
    await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [burger] });
  });
});

describe('the last portion, fired twice at once', () => {
  it('both fires are accepted, stock goes negative once per line, a negative alert is raised and the soda is 86ed', async () => {
    const manager = await r.signInAs('manager');
    const { socket } = await hello(t.url, manager.token, ['stock', 'menu']);
    await receiveAll(r, [[p.cola, 33, 'cl']]);
    const waiterA = await r.signInAs('waiter');
    const waiterB = await r.signInAs('waiter');
    const a = await sodaOrder(waiterA.token);
    const c = await sodaOrder(waiterB.token);
    const fires = await Promise.all([
      t.api('POST', `/orders/${a.id}/fire`, { token: waiterA.token, body: {} }), t.api('POST', `/orders/${c.id}/fire`, { token: waiterB.token, body: {} }),
      t.api('POST', `/orders/${a.id}/fire`, { token: waiterA.token, body: {} }), // a retry racing the first fire
    ]);
    expect(fires.map((f) => f.status)).toEqual([200, 200, 200]);
    expect((await onHand(r))[p.cola]).toBe(-330_000);
    expect(rows("select line_id from stock_movements where kind = 'usage' and ingredient_id = ?", p.cola)).toHaveLength(2);
    const alert = await socket.waitFor((f) => f.type === 'stock.alert_raised');
    expect(alert.data).toMatchObject({ ingredientId: p.cola, kind: 'negative', status: 'open', onHand: -330_000, name: 'Cola' });
    await socket.waitFor((f) => f.type === 'menu.availability' && f.data.itemId === b.items.soda && f.data.stockOut === true);
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([expect.objectContaining({ ingredientId: p.cola, kind: 'negative' })]);
    await receiveAll(r, [[p.cola, 1, 'l']]);
    const cleared = await socket.waitFor((f) => f.type === 'stock.alert_cleared');
    expect(cleared.data).toMatchObject({ kind: 'negative', status: 'cleared', version: 2 });
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([]);
    expect(rows("select row from change_log where entity = 'stock_alert'").map((c) => JSON.parse(c.row).status)).toEqual(['open', 'cleared']);
    socket.close();
  });

  it('two people counting the same shelf at once: one count is recorded, the other gets 409 with the current figure', async () => {
    await receiveAll(r, [[p.potato, 10, 'kg']]);
    const cook = await r.signInAs('kitchen');
    const { levelVersion } = await stockApi(r, 'GET', `/stock/ingredients/${p.potato}`);
    const [one, two] = await Promise.all([
      t.api('POST', '/stock/counts', { token: cook.token, body: { ingredientId: p.potato, counted: 9.5, unit: 'kg', expectedVersion: levelVersion } }),
      t.api('POST', '/stock/counts', { token: r.ownerToken, body: { ingredientId: p.potato, counted: 9.2, unit: 'kg', expectedVersion: levelVersion } }),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const lost = one.status === 409 ? one : two;
    const won = one.status === 201 ? one : two;
    expect(lost.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: levelVersion + 1, onHand: won.body.movement.counted } });
    expect(rows("select * from stock_movements where kind = 'count'")).toHaveLength(1);
  });

  it('a waiter may not listen to the stock topic', async () => {
    const waiter = await r.signInAs('waiter');
    const socket = await connect(t.url);
    socket.send({ type: 'hello', token: waiter.token, topics: ['stock'] });
    const reply = await socket.waitFor((f) => f.type === 'error');
    expect(reply.data).toMatchObject({ code: 'FORBIDDEN', topic: 'stock' });
    socket.close();
  });
});

describe('low-stock alerts without flapping', () => {
  it('a threshold alert is raised at the threshold and clears only at 20 % above it', async () => {
    await stockApi(r, 'PATCH', `/stock/ingredients/${p.potato}`, { lowThreshold: 1 });
    await receiveAll(r, [[p.potato, 1.3, 'kg']]);
    await stockApi(r, 'POST', '/stock/waste', { ingredientId: p.potato, quantity: 400, unit: 'g', reason: 'sprouted' });
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([expect.objectContaining({ kind: 'low', onHand: 900_000 })]);
    await receiveAll(r, [[p.potato, 0.2, 'kg']]); // 1.1 kg: over the threshold, not yet 20 % over
    expect(await stockApi(r, 'GET', '/stock/alerts')).toHaveLength(1);
    await receiveAll(r, [[p.potato, 0.1, 'kg']]); // 1.2 kg
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([]);
    expect((await stockApi(r, 'GET', '/stock/alerts?status=all')).map((a: any) => a.status)).toEqual(['cleared']);
  });

  it('a days-of-supply alert uses the last 7 days of usage and clears at 1.25 × the minimum', async () => {
    await stockApi(r, 'PATCH', `/stock/ingredients/${p.cola}`, { minDaysOfSupply: 2 });
    await receiveAll(r, [[p.cola, 7, 'l']]);
    const o = await sodaOrder(r.ownerToken, 7); // 2.31 l in a week: 0.33 l a day
    await stockApi(r, 'POST', `/orders/${o.id}/fire`, {});
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([]);
    await stockApi(r, 'POST', '/stock/waste', { ingredientId: p.cola, quantity: 4.1, unit: 'l', reason: 'flat' }); // 0.59 l: 1.8 days
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([expect.objectContaining({ kind: 'days', daysLeft: 1 })]);
    await receiveAll(r, [[p.cola, 0.2, 'l']]); // 0.79 l: 2.4 days, under 2.5
    expect(await stockApi(r, 'GET', '/stock/alerts')).toHaveLength(1);
    await receiveAll(r, [[p.cola, 0.1, 'l']]); // 0.89 l: 2.7 days
    expect(await stockApi(r, 'GET', '/stock/alerts')).toEqual([]);
  });
});
