import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t, { taxMode: 'inclusive', serviceChargeBp: 1000 });
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
});
afterEach(async () => { await t.close(); });

const pay = (orderId: string, body: unknown, key = `k-${newId()}`) =>
  t.api('POST', `/orders/${orderId}/payments`, { token: waiter.token, headers: { 'idempotency-key': key }, body });

async function tableOfThree() {
  const res = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId: b.tables.t4, guestCount: 3, lines: [
    burgerLine(b, { seat: 1 }),
    { itemId: b.items.steak, quantity: 1, optionIds: [b.options.wellDone, b.options.salad], seat: 2 },
    { itemId: b.items.soda, quantity: 3, seat: 3 },
    { itemId: b.items.tart, quantity: 1, seat: 3 },
  ] } });
  expect(res.status).toBe(201);
  return res.body;
}

describe('paying a check', () => {
  it('inclusive prices with a 10 % service charge: the total is prices plus service', async () => {
    const order = await tableOfThree();
    // 1800 + 2400 + 1050 + 800 = 6050; service 605; tax is inside the prices.
    expect(order.totals).toMatchObject({ subtotal: 6050, serviceCharge: 605, total: 6655 });
  });

  it('pays seat by seat and by items, each line exactly once, landing on zero', async () => {
    const order = await tableOfThree();
    const seat1 = await pay(order.id, { method: 'card', split: { kind: 'seat', seat: 1 } });
    expect(seat1.body.payment.amount).toBe(order.lines[0].amounts.due);
    const twice = await pay(order.id, { method: 'card', split: { kind: 'items', lineIds: [order.lines[0].id] } });
    expect(twice.body.error.code).toBe('LINES_ALREADY_PAID');
    const items = await pay(order.id, { method: 'upi', split: { kind: 'items', lineIds: [order.lines[1].id] } });
    expect(items.body.payment.amount).toBe(order.lines[1].amounts.due);
    const seat3 = await pay(order.id, { method: 'cash', split: { kind: 'seat', seat: 3 }, tendered: 5000 });
    expect(seat3.body.order).toMatchObject({ status: 'completed', totals: { balance: 0, paid: 6655 } });
    expect(seat3.body.payment.change).toBe(5000 - seat3.body.payment.amount);
  });

  it('cash over the balance gives change; a card over the balance is refused', async () => {
    const order = await tableOfThree();
    const card = await pay(order.id, { method: 'card', amount: 7000 });
    expect(card.status).toBe(409);
    expect(card.body.error).toMatchObject({ code: 'OVERPAYMENT', details: { balance: 6655 } });
    const cash = await pay(order.id, { method: 'cash', amount: 7000, tip: 100 });
    expect(cash.body.payment).toMatchObject({ amount: 6655, tip: 100, tendered: 7100, change: 345 });
    const short = await pay(order.id, { method: 'cash', amount: 100 });
    expect(short.body.error.code).toBe('ORDER_CLOSED');
  });

  it('cash tendered below amount plus tip is refused and writes nothing', async () => {
    const order = await tableOfThree();
    const res = await pay(order.id, { method: 'cash', amount: 1000, tip: 200, tendered: 1100 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INSUFFICIENT_TENDER');
    expect((await t.api('GET', `/orders/${order.id}/payments`, { token: waiter.token })).body).toEqual([]);
  });

  it('a discount over the limit needs a manager; under it a waiter may give it', async () => {
    const manager = await r.signInAs('manager', '7777');
    const order = await tableOfThree();
    const small = await t.api('POST', `/orders/${order.id}/discount`, { token: waiter.token, body: { lineId: order.lines[3].id, kind: 'percent', value: 1000, reason: 'birthday' } });
    expect(small.body.lines[3].amounts.discount).toBe(80);
    const big = await t.api('POST', `/orders/${order.id}/discount`, { token: waiter.token, body: { kind: 'percent', value: 2500, reason: 'complaint' } });
    expect(big.body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    const approved = await t.api('POST', `/orders/${order.id}/discount`, { token: waiter.token, body: { kind: 'percent', value: 2500, reason: 'complaint', approval: { staffId: manager.staffId, pin: '7777' } } });
    expect(approved.status).toBe(200);
    // (6050 − 80) × 25 % = 1492.5 → 1493; net 4477; service 448
    expect(approved.body.totals).toMatchObject({ discountTotal: 1573, serviceCharge: 448, total: 4477 + 448 });
    expect(approved.body.discount).toMatchObject({ approvedBy: manager.staffId, reason: 'complaint' });
  });

  it('voiding a line that would drop the total below what was paid is refused', async () => {
    const manager = await r.signInAs('manager', '6543');
    const order = await tableOfThree();
    await pay(order.id, { method: 'card', amount: 6000 });
    const res = await t.api('POST', `/orders/${order.id}/lines/${order.lines[1].id}/void`, { token: manager.token, body: { reason: 'wrong item' } });
    expect(res.body.error.code).toBe('BELOW_PAID');
  });

  it('the guest check itemizes lines with options and seat totals that add up', async () => {
    const order = await tableOfThree();
    const check = (await t.api('GET', `/orders/${order.id}/check`, { token: waiter.token })).body;
    expect(check.lines[0]).toMatchObject({ name: 'Burger', options: ['Medium', 'Cheese', 'Bacon', 'Fries'] });
    expect(check.seats.reduce((s: number, x: { amount: number }) => s + x.amount, 0)).toBe(check.total);
    expect(check).toMatchObject({ taxIncluded: true, serviceChargeBp: 1000, restaurant: { name: 'Chez Brigade', currency: 'EUR' } });
  });
});
