import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
});
afterEach(async () => { await t.close(); });

const tableStatus = async (id: string) => (await t.api('GET', `/tables/${id}`, { token: waiter.token })).body.status;
const openOrder = async (tableId: string, lines: unknown[]) => {
  const res = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId, lines } });
  expect(res.status).toBe(201);
  return res.body;
};

describe('orders and the floor', () => {
  it('moving an order occupies the new table and frees the old one', async () => {
    const order = await openOrder(b.tables.t1, [burgerLine(b)]);
    const moved = await t.api('POST', `/orders/${order.id}/move`, { token: waiter.token, body: { tableId: b.tables.t2 } });
    expect(moved.body.tableId).toBe(b.tables.t2);
    expect(await tableStatus(b.tables.t1)).toBe('available');
    expect(await tableStatus(b.tables.t2)).toBe('occupied');
  });

  it('a table stays occupied until its last open order closes', async () => {
    const first = await openOrder(b.tables.t3, [{ itemId: b.items.soda, quantity: 1 }]);
    const second = await openOrder(b.tables.t3, [{ itemId: b.items.tart, quantity: 1 }]);
    await t.api('POST', `/orders/${first.id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `k-${newId()}` }, body: { method: 'card' } });
    expect(await tableStatus(b.tables.t3)).toBe('occupied');
    await t.api('POST', `/orders/${second.id}/cancel`, { token: waiter.token, body: { reason: 'left before ordering' } });
    expect(await tableStatus(b.tables.t3)).toBe('available');
  });

  it('merging two tables moves every line onto one check and frees the other table', async () => {
    const a = await openOrder(b.tables.t1, [burgerLine(b)]);
    const c = await openOrder(b.tables.t2, [{ itemId: b.items.soda, quantity: 2 }, { itemId: b.items.tart, quantity: 1 }]);
    const merged = await t.api('POST', `/orders/${a.id}/merge`, { token: waiter.token, body: { sourceOrderId: c.id } });
    expect(merged.status).toBe(200);
    expect(merged.body.lines).toHaveLength(3);
    expect(merged.body.totals.total).toBe(a.totals.total + c.totals.total);
    const source = (await t.api('GET', `/orders/${c.id}`, { token: waiter.token })).body;
    expect(source).toMatchObject({ status: 'canceled', mergedInto: a.id, lines: [] });
    expect(await tableStatus(b.tables.t2)).toBe('available');
    const again = await t.api('POST', `/orders/${a.id}/merge`, { token: waiter.token, body: { sourceOrderId: c.id } });
    expect(again.body.lines).toHaveLength(3);
  });

  it('splitting chosen lines onto a new check keeps every cent, and a retried split returns the same check', async () => {
    const order = await openOrder(b.tables.t4, [burgerLine(b, { seat: 1 }), { itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries], seat: 2 }, { itemId: b.items.soda, quantity: 1, seat: 2 }]);
    const seat2 = order.lines.filter((l: { seat: number }) => l.seat === 2).map((l: { id: string }) => l.id);
    const body = { newOrderId: newId(), lineIds: seat2 };
    const split = await t.api('POST', `/orders/${order.id}/split`, { token: waiter.token, body });
    expect(split.status).toBe(201);
    const original = (await t.api('GET', `/orders/${order.id}`, { token: waiter.token })).body;
    expect(original.lines).toHaveLength(1);
    expect(split.body.lines).toHaveLength(2);
    expect(original.totals.subtotal + split.body.totals.subtotal).toBe(order.totals.subtotal);
    const retry = await t.api('POST', `/orders/${order.id}/split`, { token: waiter.token, body });
    expect(retry.body.id).toBe(body.newOrderId);
    expect((await t.api('GET', `/orders?tableId=${b.tables.t4}`, { token: waiter.token })).body).toHaveLength(2);
  });

  it('an inactive table takes no orders', async () => {
    const host = await r.signInAs('host');
    await t.api('POST', `/tables/${b.tables.t3}/status`, { token: host.token, body: { status: 'inactive', reason: 'wobbly leg' } });
    const res = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId: b.tables.t3, lines: [] } });
    expect(res.body.error.code).toBe('TABLE_INACTIVE');
  });

  it('lines can change only while held, and an illegal state change names the states', async () => {
    const order = await openOrder(b.tables.t1, [burgerLine(b)]);
    const lineId = order.lines[0].id;
    const more = await t.api('PATCH', `/orders/${order.id}/lines/${lineId}`, { token: waiter.token, body: { quantity: 2, notes: 'one without bun' } });
    expect(more.body.totals.subtotal).toBe(3600);
    await t.api('POST', `/orders/${order.id}/fire`, { token: waiter.token, body: {} });
    const late = await t.api('PATCH', `/orders/${order.id}/lines/${lineId}`, { token: waiter.token, body: { quantity: 3 } });
    expect(late.body.error.code).toBe('LINE_STATE_CONFLICT');
    const served = await t.api('POST', `/orders/${order.id}/lines/served`, { token: waiter.token, body: { lineIds: [lineId] } });
    expect(served.body.status).toBe('served');
    const kitchen = await r.signInAs('kitchen');
    const bumpServed = await t.api('POST', `/orders/${order.id}/lines/ready`, { token: kitchen.token, body: { lineIds: [lineId] } });
    expect(bumpServed.body.error).toMatchObject({ code: 'LINE_STATE_CONFLICT', details: { from: 'served', to: 'ready' } });
  });

  it('order numbers count from 1 each business day', async () => {
    const a = await openOrder(b.tables.t1, []);
    const c = await openOrder(b.tables.t2, []);
    expect([a.number, c.number]).toEqual([1, 2]);
    expect(a.businessDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
