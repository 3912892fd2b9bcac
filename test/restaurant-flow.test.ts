import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); });
afterEach(async () => { await t.close(); });

const key = () => `pay-${newId()}`;

describe('a table from seating to paid', () => {
  it('orders with options, fires by course, splits the bill three ways with tips, and frees the table', async () => {
    const waiter = await r.signInAs('waiter');
    const kitchen = await r.signInAs('kitchen');
    const orderId = newId();
    const steakLine = { id: newId(), itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad], seat: 2, course: 2, notes: 'no pepper 🌶️' };
    const sodaLine = { id: newId(), itemId: b.items.soda, quantity: 1, seat: 3, course: 1 };
    const burger = burgerLine(b, { seat: 1, course: 1 });
    const created = await t.api('POST', '/orders', { token: waiter.token, body: { id: orderId, type: 'dine_in', tableId: b.tables.t1, guestCount: 3, lines: [burger, steakLine, sodaLine] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'created', number: 1, totals: { subtotal: 4550, taxTotal: 439, total: 4989, balance: 4989 } });
    const burgerView = created.body.lines.find((l: { id: string }) => l.id === burger.id);
    expect(burgerView).toMatchObject({ name: 'Burger', unitPrice: 1450, optionsPrice: 350, state: 'held', station: 'grill' });
    expect(burgerView.options.map((o: { name: string }) => o.name)).toEqual(['Medium', 'Cheese', 'Bacon', 'Fries']);
    expect((await t.api('GET', `/tables/${b.tables.t1}`, { token: waiter.token })).body.status).toBe('occupied');

    const fired = await t.api('POST', `/orders/${orderId}/fire`, { token: waiter.token, body: { course: 1 } });
    expect(fired.body.status).toBe('sent');
    expect(fired.body.lines.map((l: { state: string }) => l.state)).toEqual(['fired', 'held', 'fired']);

    const ready = await t.api('POST', `/orders/${orderId}/lines/ready`, { token: kitchen.token, body: { lineIds: [burger.id, sodaLine.id] } });
    expect(ready.body.status).toBe('in_progress');
    await t.api('POST', `/orders/${orderId}/lines/served`, { token: waiter.token, body: { lineIds: [burger.id, sodaLine.id] } });
    await t.api('POST', `/orders/${orderId}/fire`, { token: waiter.token, body: { course: 2 } });
    await t.api('POST', `/orders/${orderId}/lines/ready`, { token: kitchen.token, body: { lineIds: [steakLine.id] } });
    const served = await t.api('POST', `/orders/${orderId}/lines/served`, { token: waiter.token, body: { lineIds: [steakLine.id] } });
    expect(served.body.status).toBe('served');

    const check = await t.api('GET', `/orders/${orderId}/check`, { token: waiter.token });
    expect(check.body).toMatchObject({ total: 4989, balance: 4989, order: { table: 'T1', number: 1 } });
    expect(check.body.seats.map((s: { amount: number }) => s.amount).reduce((a: number, x: number) => a + x, 0)).toBe(4989);

    const parts = [];
    for (const tip of [200, 0, 337]) {
      const paid = await t.api('POST', `/orders/${orderId}/payments`, { token: waiter.token, headers: { 'idempotency-key': key() }, body: { method: 'card', split: { kind: 'equal', parts: 3 }, tip } });
      expect(paid.status).toBe(201);
      parts.push(paid.body.payment.amount);
    }
    expect(parts).toEqual([1663, 1663, 1663]);
    const done = await t.api('GET', `/orders/${orderId}`, { token: waiter.token });
    expect(done.body).toMatchObject({ status: 'completed', totals: { paid: 4989, tips: 537, balance: 0 } });
    expect((await t.api('GET', `/tables/${b.tables.t1}`, { token: waiter.token })).body.status).toBe('available');
  });

  it('refunds part of a payment with a manager, never more than was paid', async () => {
    const waiter = await r.signInAs('waiter');
    const manager = await r.signInAs('manager', '9876');
    const orderId = newId();
    await t.api('POST', '/orders', { token: waiter.token, body: { id: orderId, type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 2 }] } });
    const paid = await t.api('POST', `/orders/${orderId}/payments`, { token: waiter.token, headers: { 'idempotency-key': key() }, body: { method: 'cash', tendered: 2000 } });
    expect(paid.body.payment).toMatchObject({ amount: 1760, tendered: 2000, change: 240 });
    const paymentId = paid.body.payment.id;

    const byWaiter = await t.api('POST', `/payments/${paymentId}/refunds`, { token: waiter.token, headers: { 'idempotency-key': key() }, body: { amount: 500, reason: 'tart was cold' } });
    expect(byWaiter.body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    const approved = await t.api('POST', `/payments/${paymentId}/refunds`, { token: waiter.token, headers: { 'idempotency-key': key() }, body: { amount: 880, reason: 'tart was cold', approval: { staffId: manager.staffId, pin: '9876' } } });
    expect(approved.status).toBe(201);
    expect(approved.body.order.totals.refunded).toBe(880);
    const tooMuch = await t.api('POST', `/payments/${paymentId}/refunds`, { token: manager.token, headers: { 'idempotency-key': key() }, body: { amount: 881, reason: 'again' } });
    expect(tooMuch.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', details: { refundable: 880 } });
    const rest = await t.api('POST', `/payments/${paymentId}/refunds`, { token: manager.token, headers: { 'idempotency-key': key() }, body: { amount: 880, reason: 'whole order' } });
    expect(rest.body.payment.refunded).toBe(1760);
    const audit = new Database(t.dbFile, { readonly: true }).prepare("select approved_by, reason from audit_log where action = 'payment.refunded' order by at").all();
    expect(audit).toEqual([{ approved_by: manager.staffId, reason: 'tart was cold' }, { approved_by: manager.staffId, reason: 'whole order' }]);
  });

  it('voids a fired line only with a manager and a reason, and the total follows', async () => {
    const waiter = await r.signInAs('waiter');
    const manager = await r.signInAs('manager', '4455');
    const orderId = newId();
    const burger = burgerLine(b);
    await t.api('POST', '/orders', { token: waiter.token, body: { id: orderId, type: 'dine_in', tableId: b.tables.t2, lines: [burger, { itemId: b.items.soda, quantity: 2 }] } });
    await t.api('POST', `/orders/${orderId}/fire`, { token: waiter.token, body: {} });
    const denied = await t.api('POST', `/orders/${orderId}/lines/${burger.id}/void`, { token: waiter.token, body: { reason: 'guest changed mind' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    const noReason = await t.api('POST', `/orders/${orderId}/lines/${burger.id}/void`, { token: manager.token, body: {} });
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    const voided = await t.api('POST', `/orders/${orderId}/lines/${burger.id}/void`, { token: waiter.token, body: { reason: 'guest changed mind', approval: { staffId: manager.staffId, pin: '4455' } } });
    expect(voided.status).toBe(200);
    expect(voided.body.lines[0].state).toBe('voided');
    expect(voided.body.totals).toMatchObject({ subtotal: 700, total: 700 + 39 });
    const db = new Database(t.dbFile, { readonly: true });
    expect(db.prepare('select was_fired, reason, approved_by, amount from line_voids').all()).toEqual([{ was_fired: 1, reason: 'guest changed mind', approved_by: manager.staffId, amount: 1800 }]);
    expect(db.prepare("select count(*) n from change_log where entity = 'line_void'").get()).toEqual({ n: 1 });
  });
});
