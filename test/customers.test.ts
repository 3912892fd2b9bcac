import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { kitchenTicket } from '../printers/templates/kitchen-ticket.js';

/**
 * Customers on the box (issue 18): created at the till by phone or name, found again in the
 * search, attached to an order, their allergies on the kitchen screen, their history from orders.
 * Bad input: a clear 4xx and nothing written (the whole database is compared before and after).
 */
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: string;

beforeAll(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t, { country: 'FR' });
  b = await seedBistro(r);
  waiter = (await r.signInAs('waiter')).token;
});
afterAll(async () => { await t.close(); });

const api = (method: string, path: string, body?: unknown, token = waiter) => t.api(method, path, { token, body });

async function placeOrder(lines = [burgerLine(b)]) {
  const id = newId();
  const res = await api('POST', '/orders', { id, type: 'dine_in', tableId: b.tables.t1, guestCount: 2, lines });
  expect(res.status).toBe(201);
  return id;
}

describe('customers at the till', () => {
  it('stores a French number typed the local way as E.164, and a retried create answers the first result', async () => {
    const id = newId();
    const body = { id, name: 'Camille Dupont', phone: '06 12 34 56 78', email: ' Camille@Example.FR ', allergies: 'peanuts, sesame' };
    const first = await api('POST', '/customers', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, phone: '+33612345678', email: 'camille@example.fr', allergies: 'peanuts, sesame', version: 1, blocked: null });
    const again = await api('POST', '/customers', body);
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(1);
  });

  it('finds a customer by the digits a waiter types (national or international) and by a piece of the name', async () => {
    for (const q of ['0612', '612 34', '33612345678', 'dupo', 'Camille', 'cam']) {
      const res = await api('GET', `/customers?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.customers.map((c: { name: string }) => c.name), q).toContain('Camille Dupont');
    }
    const none = await api('GET', '/customers?q=zzzz');
    expect(none.body.customers).toEqual([]);
  });

  it('refuses a second customer with the same phone, naming the one that exists', async () => {
    const res = await api('POST', '/customers', { name: 'C. Dupont', phone: '+33 6 12 34 56 78' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CUSTOMER_DUPLICATE');
    const existing = (await api('GET', '/customers?q=0612345678')).body.customers[0];
    expect(res.body.error.details.customerId).toBe(existing.id);
  });

  it('blocks with a reason the waiter sees, and unblocks: a manager\'s decision, a waiter asks with a manager\'s PIN', async () => {
    const c = (await api('POST', '/customers', { name: 'Max Nopay', phone: '+33 6 55 44 33 22' })).body;
    const other = await r.signInAs('waiter', '2469');
    const dump = () => dumpDatabase(t.dbFile, { exclude: ['sessions', 'audit_log', 'devices'] });
    const before = dump();
    const alone = await api('PATCH', `/customers/${c.id}`, { blockedReason: 'Left without paying twice', notes: 'regular' });
    expect(alone.status).toBe(403);
    expect(alone.body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    expect((await api('POST', '/customers', { name: 'Blocked From Birth', blockedReason: 'Rude' })).body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    const waiterPin = await api('PATCH', `/customers/${c.id}`, { blockedReason: 'x', approval: { staffId: other.staffId, pin: '2469' } });
    expect(waiterPin.body.error.code).toBe('MANAGER_APPROVAL_REQUIRED');
    expect(dump()).toEqual(before);
    const manager = await r.signInAs('manager', '4455');
    const blocked = await api('PATCH', `/customers/${c.id}`, { blockedReason: 'Left without paying twice', approval: { staffId: manager.staffId, pin: '4455' } });
    expect(blocked.status).toBe(200);
    expect(blocked.body.blocked.reason).toBe('Left without paying twice');
    expect((await api('GET', '/customers?q=nopay')).body.customers[0].blockedReason).toBe('Left without paying twice');
    // A waiter still corrects the rest of the record without a manager.
    expect((await api('PATCH', `/customers/${c.id}`, { notes: 'pays cash now' })).status).toBe(200);
    const unblocked = await api('PATCH', `/customers/${c.id}`, { blockedReason: null, expectedVersion: 3 }, manager.token);
    expect(unblocked.body.blocked).toBeNull();
  });

  it('attaches a customer to an order: the kitchen screen shows their allergies, the printed ticket too; detach clears it', async () => {
    const customer = (await api('GET', '/customers?q=dupont')).body.customers[0];
    const orderId = await placeOrder();
    const attached = await api('PUT', `/orders/${orderId}/customer`, { customerId: customer.id });
    expect(attached.status).toBe(200);
    expect(attached.body.customer).toMatchObject({ id: customer.id, allergies: 'peanuts, sesame' });
    expect((await api('POST', `/orders/${orderId}/fire`, {})).status).toBe(200);
    const tickets = (await api('GET', '/kitchen/tickets?station=grill')).body as Array<{ orderId: string; allergies: string | null }>;
    expect(tickets.find((x) => x.orderId === orderId)?.allergies).toBe('peanuts, sesame');

    const blocks = kitchenTicket({ kind: 'new', orderNumber: 7, station: 'grill', tableLabel: 'T1', serverName: 'Ana', course: 1, firedAt: Date.now(),
      timeZone: 'Europe/Paris', allergies: 'peanuts, sesame', lines: [{ name: 'Burger', quantity: 1, seat: 1, course: 1, notes: null, options: [] }] }, 42);
    const printed = blocks.filter((x) => x.kind === 'line' && x.style?.invert).map((x) => (x.kind === 'line' ? x.text : '')).join(' ');
    expect(printed).toBe('ALLERGY: peanuts, sesame');

    expect((await api('DELETE', `/orders/${orderId}/customer`)).body.customer).toBeNull();
    const after = (await api('GET', '/kitchen/tickets?station=grill')).body as Array<{ orderId: string; allergies: string | null }>;
    expect(after.find((x) => x.orderId === orderId)?.allergies).toBeNull();
  });

  it("computes visits, spend (without tips) and favourite items from the customer's orders", async () => {
    const c = (await api('POST', '/customers', { name: 'Léa Habituée', phone: '+33 6 98 76 54 32' })).body;
    for (let i = 0; i < 2; i++) {
      const orderId = await placeOrder([burgerLine(b), { id: newId(), itemId: b.items.soda, quantity: 2, optionIds: [], seat: 1, course: 1 }]);
      await api('PUT', `/orders/${orderId}/customer`, { customerId: c.id });
      await api('POST', `/orders/${orderId}/fire`, {});
      const pay = await t.api('POST', `/orders/${orderId}/payments`, { token: waiter, body: { method: 'card', tip: 200 }, headers: { 'idempotency-key': `pay-${newId()}` } });
      expect(pay.status).toBe(201);
    }
    const detail = await api('GET', `/customers/${c.id}`);
    expect(detail.status).toBe(200);
    const orders = (await t.api('GET', '/orders?status=all', { token: r.ownerToken })).body;
    expect(detail.body.history.visits).toBe(2);
    expect(detail.body.history.spend).toBeGreaterThan(0);
    expect(detail.body.history.spend % 2).toBe(0);
    expect(detail.body.history.favouriteItems[0]).toEqual({ name: 'Soda', quantity: 4 });
    void orders;
  });
});

describe('bad input: a clear 4xx and nothing written', () => {
  const tenKb = 'x'.repeat(10 * 1024);
  let spareOrder: string | undefined;
  let cook: string | undefined;
  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
    ['a phone with letters', () => api('POST', '/customers', { name: 'A', phone: '06-CALL-ME' }), 400, 'VALIDATION_FAILED'],
    ['a phone too short to be a number', () => api('POST', '/customers', { name: 'A', phone: '0612' }), 400, 'VALIDATION_FAILED'],
    ['a phone outside any real range', () => api('POST', '/customers', { name: 'A', phone: '+33 0 00 00 00 00' }), 400, 'VALIDATION_FAILED'],
    ['an email without a domain', () => api('POST', '/customers', { name: 'A', email: 'camille@' }), 400, 'VALIDATION_FAILED'],
    ['an email with two @', () => api('POST', '/customers', { name: 'A', email: 'a@b@c.fr' }), 400, 'VALIDATION_FAILED'],
    ['10 KB of notes', () => api('POST', '/customers', { name: 'A', notes: tenKb }), 400, 'VALIDATION_FAILED'],
    ['10 KB of notes on an update', async () => api('PATCH', `/customers/${(await api('GET', '/customers?q=dupont')).body.customers[0].id}`, { notes: tenKb }), 400, 'VALIDATION_FAILED'],
    ['a bad email next to a good name on an update', async () => api('PATCH', `/customers/${(await api('GET', '/customers?q=dupont')).body.customers[0].id}`, { name: 'New', email: 'nope' }), 400, 'VALIDATION_FAILED'],
    ['a birthday that is no date', () => api('POST', '/customers', { name: 'A', birthday: '2024-02-30' }), 400, 'VALIDATION_FAILED'],
    ['an unknown customer id', () => api('GET', `/customers/${newId()}`), 404, 'NOT_FOUND'],
    ['an update of an unknown customer', () => api('PATCH', `/customers/${newId()}`, { name: 'B' }), 404, 'NOT_FOUND'],
    ['attaching an unknown customer', async () => api('PUT', `/orders/${spareOrder ??= await placeOrder()}/customer`, { customerId: newId() }), 404, 'NOT_FOUND'],
    ['attaching to an unknown order', async () => api('PUT', `/orders/${newId()}/customer`, { customerId: (await api('GET', '/customers?q=dupont')).body.customers[0].id }), 404, 'NOT_FOUND'],
    ['a customer id that is not a UUID', () => api('GET', '/customers/42'), 400, 'VALIDATION_FAILED'],
    ['a search without a query', () => api('GET', '/customers?q='), 400, 'VALIDATION_FAILED'],
    ['an unknown field', () => api('POST', '/customers', { name: 'A', loyaltyPoints: 1000 }), 400, 'VALIDATION_FAILED'],
    ['a kitchen role creating customers', async () => api('POST', '/customers', { name: 'A' }, cook ??= (await r.signInAs('kitchen')).token), 403, 'FORBIDDEN'],
  ];
  for (const [name, send, status, code] of cases) {
    it(`${name}: ${status} ${code}`, async () => {
      // Set-up writes (an order to attach to, a kitchen cook) happen at the first send: compare around the second.
      await send();
      const before = dumpDatabase(t.dbFile, { exclude: ['sessions', 'audit_log', 'devices'] });
      const res = await send();
      const after = dumpDatabase(t.dbFile, { exclude: ['sessions', 'audit_log', 'devices'] });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(after).toBe(before);
    });
  }
});
