import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { expectError, onHand, receiveAll, seedPantry, stockApi, type Pantry } from './helpers/stock.js';
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

const order = async (lines: unknown[]) => stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines });
const fire = (orderId: string, body: unknown = {}) => stockApi(r, 'POST', `/orders/${orderId}/fire`, body);
const changes = (entity: string) => {
  const db = new Database(t.dbFile, { readonly: true });
  try {
    return (db.prepare('select op, row from change_log where entity = ? order by seq').all(entity) as Array<{ op: string; row: string }>).map((c) => ({ op: c.op, ...JSON.parse(c.row) }));
  } finally { db.close(); }
};

describe('stock ledger', () => {
  it('receiving in kg stores thousandths of grams, and on-hand is the sum of the movements', async () => {
    const res = await stockApi(r, 'POST', '/stock/receipts', { ingredientId: p.beef, quantity: 2.5, unit: 'kg', cost: 3000 });
    expect(res.movement).toMatchObject({ kind: 'receive', quantity: 2_500_000, cost: 3000, businessDay: '2026-11-20' });
    expect(res.ingredient).toMatchObject({ id: p.beef, baseUnit: 'g', unit: 'kg', onHand: 2_500_000, onHandInUnit: 2.5, levelVersion: 1 });
    await stockApi(r, 'POST', '/stock/waste', { ingredientId: p.beef, quantity: 100, unit: 'g', reason: 'dropped' });
    await stockApi(r, 'POST', '/stock/transfers', { ingredientId: p.beef, quantity: 0.4, unit: 'kg', direction: 'out', location: 'Bistro Nord' });
    await stockApi(r, 'POST', '/stock/transfers', { ingredientId: p.beef, quantity: 150, unit: 'g', direction: 'in', location: 'Bistro Nord' });
    await stockApi(r, 'POST', '/stock/adjustments', { ingredientId: p.beef, quantity: -0.05, unit: 'kg', reason: 'scale was off' });
    const moves = await stockApi(r, 'GET', `/stock/movements?ingredientId=${p.beef}`);
    expect(moves.map((m: any) => [m.kind, m.quantity]).reverse()).toEqual([['receive', 2_500_000], ['waste', -100_000], ['transfer_out', -400_000], ['transfer_in', 150_000], ['adjust', -50_000]]);
    expect((await onHand(r))[p.beef]).toBe(2_100_000);
    const logged = changes('stock_movement');
    expect(logged).toHaveLength(5);
    expect(logged[1]).toMatchObject({ op: 'insert', ingredientId: p.beef, kind: 'waste', quantity: -100_000, reason: 'dropped', businessDay: '2026-11-20', createdAt: clock.now(), orderId: null, lineId: null });
    expect(changes('ingredient').find((c) => c.id === p.beef)).toMatchObject({ name: 'Beef mince', baseUnit: 'g', version: 1, updatedAt: clock.now() });
  });

  it('a retried receipt with the same id is recorded once', async () => {
    const id = newId();
    const first = await r.t.api('POST', '/stock/receipts', { token: r.ownerToken, body: { id, ingredientId: p.bun, quantity: 2, unit: 'dozen' } });
    const again = await r.t.api('POST', '/stock/receipts', { token: r.ownerToken, body: { id, ingredientId: p.bun, quantity: 2, unit: 'dozen' } });
    expect(first.status).toBe(201);
    expect(again.body.movement).toEqual(first.body.movement);
    expect((await onHand(r))[p.bun]).toBe(24_000);
    const other = await r.t.api('POST', '/stock/receipts', { token: r.ownerToken, body: { id, ingredientId: p.bun, quantity: 3, unit: 'dozen' } });
    expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_CONFLICT' });
    expect((await onHand(r))[p.bun]).toBe(24_000);
  });

  it('a count records the variance; a second count against the old version gets 409 with the current figure', async () => {
    await receiveAll(r, [[p.cheddar, 1, 'kg']]);
    const seen = await stockApi(r, 'GET', `/stock/ingredients/${p.cheddar}`);
    const one = await r.t.api('POST', '/stock/counts', { token: r.ownerToken, body: { ingredientId: p.cheddar, counted: 940, unit: 'g', expectedVersion: seen.levelVersion } });
    expect(one.status).toBe(201);
    expect(one.body.movement).toMatchObject({ kind: 'count', counted: 940_000, quantity: -60_000 });
    const two = await r.t.api('POST', '/stock/counts', { token: r.ownerToken, body: { ingredientId: p.cheddar, counted: 0.95, unit: 'kg', expectedVersion: seen.levelVersion } });
    expectError(two, 409, 'VERSION_CONFLICT');
    expect(two.body.error.details).toMatchObject({ currentVersion: seen.levelVersion + 1, onHand: 940_000, onHandInUnit: 0.94, unit: 'kg' });
    const report = await stockApi(r, 'GET', '/stock/reports/variance?from=2026-11-20&to=2026-11-20');
    expect(report).toEqual([expect.objectContaining({ ingredientId: p.cheddar, counted: 940_000, expected: 1_000_000, variance: -60_000, cost: -6 })]);
  });
});

describe('recipes move stock when the kitchen fires', () => {
  beforeEach(async () => {
    await receiveAll(r, [[p.beef, 5, 'kg'], [p.bun, 50, 'piece'], [p.cheddar, 1, 'kg'], [p.bacon, 1, 'kg'], [p.potato, 10, 'kg'], [p.onion, 1, 'kg'],
      [p.mayo, 1, 'kg'], [p.ketchup, 1, 'kg'], [p.cola, 6, 'l']]);
  });

  it('two burgers with cheese, bacon and fries use exactly the recipe, options and prep sauce amounts', async () => {
    const before = await onHand(r);
    const o = await order([burgerLine(b, { quantity: 2 }), { itemId: b.items.soda, quantity: 3 }]);
    expect(await onHand(r)).toEqual(before); // placing an order moves nothing: only firing does
    await fire(o.id);
    const after = await onHand(r);
    const used = Object.fromEntries(Object.keys(after).map((k) => [k, before[k]! - after[k]!]));
    expect(used).toEqual({ [p.beef]: 360_000, [p.bun]: 2_000, [p.cheddar]: 60_000, [p.bacon]: 80_000, [p.potato]: 400_000, [p.onion]: 40_000,
      [p.mayo]: 20_000, [p.ketchup]: 20_000, [p.cola]: 990_000, [p.sauce]: 0 });
    const usage = changes('stock_movement').filter((m) => m.kind === 'usage');
    expect(usage).toHaveLength(9);
    expect(usage.every((m) => m.orderId === o.id && typeof m.lineId === 'string')).toBe(true);
    await fire(o.id); // a retried fire moves nothing more
    expect(await onHand(r)).toEqual(after);
  });

  it('"No onion" removes the onion the burger would use', async () => {
    const before = (await onHand(r))[p.onion]!;
    const o = await order([{ itemId: b.items.burger, quantity: 1, optionIds: [b.options.rare, p.noOnion, b.options.salad] }]);
    await fire(o.id);
    expect((await onHand(r))[p.onion]).toBe(before);
    expect((await onHand(r))[p.beef]).toBe(5_000_000 - 180_000);
  });

  it('voiding a fired line returns its ingredients, or writes them off as waste — the manager chooses', async () => {
    const o = await order([burgerLine(b), burgerLine(b)]);
    await fire(o.id);
    const fired = await onHand(r);
    await stockApi(r, 'POST', `/orders/${o.id}/lines/${o.lines[0].id}/void`, { reason: 'wrong table', stock: 'return' });
    expect((await onHand(r))[p.beef]).toBe(fired[p.beef]! + 180_000);
    await stockApi(r, 'POST', `/orders/${o.id}/lines/${o.lines[1].id}/void`, { reason: 'sent back' });
    expect((await onHand(r))[p.beef]).toBe(fired[p.beef]! + 180_000);
    const waste = await stockApi(r, 'GET', '/stock/reports/waste?from=2026-11-20&to=2026-11-20');
    expect(waste.find((w: any) => w.ingredientId === p.beef)).toMatchObject({ reason: 'voided dish', wasted: 180_000, cost: 216 });
    const theory = await stockApi(r, 'GET', '/stock/reports/theoretical?from=2026-11-20&to=2026-11-20');
    expect(theory.find((x: any) => x.ingredientId === p.beef)).toMatchObject({ theoretical: 0, actual: 180_000, difference: 180_000 });
  });

  it('canceling an order with fired lines returns its stock when asked', async () => {
    const o = await order([{ itemId: b.items.soda, quantity: 2 }]);
    await fire(o.id);
    expect((await onHand(r))[p.cola]).toBe(6_000_000 - 660_000);
    await stockApi(r, 'POST', `/orders/${o.id}/cancel`, { reason: 'guest left', stock: 'return' });
    expect((await onHand(r))[p.cola]).toBe(6_000_000);
    const usage = await stockApi(r, 'GET', '/stock/reports/usage?from=2026-11-20&to=2026-11-20');
    expect(usage.find((u: any) => u.ingredientId === p.cola)).toMatchObject({ used: 0 });
  });

  it('after a restart the levels, recipes and automatic 86 carry on where they were', async () => {
    const o = await order([burgerLine(b)]);
    await fire(o.id);
    const before = await onHand(r);
    await t.box.stop();
    t = await startTestBox({ clock, dataDir: t.dataDir });
    r = { ...r, t };
    expect(await onHand(r)).toEqual(before);
    const again = await order([{ itemId: b.items.soda, quantity: 2 }]);
    await fire(again.id);
    expect((await onHand(r))[p.cola]).toBe(before[p.cola]! - 660_000);
  });

  it('the theoretical report matches actual usage when nothing was lost', async () => {
    const o = await order([burgerLine(b), { itemId: b.items.soda, quantity: 1 }]);
    await fire(o.id);
    const theory = await stockApi(r, 'GET', '/stock/reports/theoretical?from=2026-11-20&to=2026-11-20');
    expect(theory.length).toBeGreaterThan(5);
    for (const row of theory) expect(row.difference).toBe(0);
    expect(theory.find((x: any) => x.ingredientId === p.mayo)).toMatchObject({ theoretical: 10_000, actual: 10_000 });
  });
});
