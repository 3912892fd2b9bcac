import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { hello, type TestSocket } from './helpers/ws-client.js';
import { guestPhone, order, seat, tableQr } from './helpers/guests.js';
import { manualClock } from '../src/lib/clock.js';

/**
 * QR ordering on the box (issue 19): a guest on the restaurant's Wi-Fi orders from the table's
 * code, a waiter accepts or refuses, the guest sees it live. One box for the file; each test moves
 * the clock 11 minutes on, so the per-table limits and the rate limits start afresh.
 */
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
let socket: TestSocket;
const clock = manualClock(Date.UTC(2026, 10, 20, 18, 0, 0));

beforeAll(async () => {
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
  socket = (await hello(t.url, waiter.token, ['orders', 'alerts'])).socket;
});
afterAll(async () => { socket.close(); await t.close(); });
beforeEach(() => { clock.advance(11 * 60_000); });

const burger = (b: Bistro, extra: Record<string, unknown> = {}) => ({ itemId: b.items.burger, quantity: 1, optionIds: [b.options.medium, b.options.cheese, b.options.fries], ...extra });
const own = (method: string, path: string, body?: unknown) => t.api(method, path, { token: r.ownerToken, body });

describe('table tokens', () => {
  it('a table code opens its own table only; a forged or rotated one gets 401 and nothing is written', async () => {
    const t1 = await tableQr(r, b.tables.t1);
    const t2 = await tableQr(r, b.tables.t2);
    expect(t1.url).toBe(`${t.url}/t/${t1.token}`);
    expect((await guestPhone(t, b.tables.t1, t1.token).menu()).status).toBe(200);
    const before = dumpDatabase(t.dbFile);
    const forged = `${b.tables.t1}.1.${'A'.repeat(22)}`;
    const tries = [
      guestPhone(t, b.tables.t1, forged), guestPhone(t, b.tables.t1, t2.token), guestPhone(t, b.tables.t2, t1.token),
      guestPhone(t, b.tables.t1, `${b.tables.t1}.2.${t1.token.split('.')[2]}`), guestPhone(t, b.tables.t1, ''), guestPhone(t, b.tables.t1, 'x'.repeat(5000)),
    ];
    for (const phone of tries) {
      for (const res of [await phone.menu(), await phone.send(order([burger(b)])), await phone.request(newId())]) {
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('TABLE_TOKEN_INVALID');
      }
    }
    expect(dumpDatabase(t.dbFile)).toBe(before);

    const rotated = await own('POST', `/tables/${b.tables.t1}/qr`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.version).toBe(t1.version + 1);
    expect((await guestPhone(t, b.tables.t1, t1.token).menu()).status).toBe(401);
    expect((await guestPhone(t, b.tables.t1, rotated.body.token).menu()).status).toBe(200);
    // A waiter may not rotate or read codes: a manager's job.
    expect((await t.api('POST', `/tables/${b.tables.t1}/qr`, { token: waiter.token })).status).toBe(403);
  });
});

describe('a guest orders and the waiter answers', () => {
  it('the guest menu shows 86\'d items as unavailable, option rules and allergens, and no station or tax', async () => {
    await own('PATCH', `/menu/items/${b.items.tart}`, { allergens: ['gluten', 'milk'] });
    await own('POST', `/menu/items/${b.items.steak}/availability`, { available: false });
    const { token } = await tableQr(r, b.tables.t3);
    const res = await guestPhone(t, b.tables.t3, token).menu();
    expect(res.status).toBe(200);
    const items = res.body.categories.flatMap((c: any) => c.items);
    expect(items.find((i: any) => i.id === b.items.steak).available).toBe(false);
    expect(items.find((i: any) => i.id === b.items.tart).allergens).toEqual(['gluten', 'milk']);
    const cooking = items.find((i: any) => i.id === b.items.burger).optionGroups.find((g: any) => g.name === 'Cooking');
    expect(cooking).toMatchObject({ selection: 'single', required: true });
    expect(JSON.stringify(res.body)).not.toMatch(/station|taxRateBp|grill/);
    expect(res.body.ordering).toEqual({ open: false, reason: 'not_seated', maxOrderTotal: 15000 });
    // Ordering an 86'd item is refused like on the waiter's tablet.
    await seat(r, b.tables.t3);
    const refused = await guestPhone(t, b.tables.t3, token).send(order([{ itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries] }]));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ITEM_UNAVAILABLE');
    await own('POST', `/menu/items/${b.items.steak}/availability`, { available: true });
  });

  it('an order waits for the waiter, is accepted with an edit, fired to the kitchen, and the guest sees each step live', async () => {
    const { token } = await tableQr(r, b.tables.t2);
    const phone = guestPhone(t, b.tables.t2, token);
    const body = order([burger(b, { notes: 'no onions' }), { itemId: b.items.soda, quantity: 2 }], { notes: 'Birthday!', language: 'fr' });
    const closed = await phone.send(body);
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({ code: 'GUEST_ORDERING_CLOSED', details: { reason: 'not_seated' } });
    await seat(r, b.tables.t2);

    const sent = await phone.send(body);
    expect(sent.status).toBe(201);
    // Prices from the menu: burger 14.50 + cheese 1.50 + 2 × soda 3.50.
    expect(sent.body).toMatchObject({ id: body.id, state: 'waiting', total: 1600 + 700, currency: 'EUR' });
    expect((await phone.send(body)).status).toBe(200);
    const replayedOther = await phone.send({ ...body, notes: 'changed' });
    expect(replayedOther.status).toBe(409);
    expect(replayedOther.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const frame = await socket.waitFor((f) => f.type === 'guest.request' && f.data.id === body.id);
    expect(frame.data).toMatchObject({ tableLabel: 'T2', status: 'pending', notes: 'Birthday!', language: 'fr' });
    expect(frame.data.lines[0]).toMatchObject({ name: 'Burger', options: ['Medium', 'Cheese', 'Fries'], notes: 'no onions', price: 1600 });
    const pending = await t.api('GET', '/guest-requests', { token: waiter.token });
    expect(pending.body.map((q: any) => q.id)).toContain(body.id);

    // The guest's page is waiting on a long-poll; the waiter accepts with one soda instead of two.
    const watching = phone.request(body.id, '?state=waiting&wait=20');
    const accepted = await t.api('POST', `/guest-requests/${body.id}/accept`, { token: waiter.token, body: { lines: [burger(b, { notes: 'no onions' }), { itemId: b.items.soda, quantity: 1 }] } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', state: 'in_kitchen', total: 1950, answeredBy: waiter.staffId });
    expect((await watching).body.state).toBe('in_kitchen');

    const orderRes = await own('GET', `/orders/${accepted.body.orderId}`);
    expect(orderRes.body).toMatchObject({ source: 'guest_qr', tableId: b.tables.t2, notes: 'Birthday!' });
    expect(orderRes.body.lines.map((l: any) => [l.name, l.quantity, l.state, l.unitPrice + l.optionsPrice])).toEqual([['Burger', 1, 'fired', 1600], ['Soda', 1, 'fired', 350]]);
    const tickets = await own('GET', '/kitchen/tickets?station=grill');
    expect(tickets.body.some((k: any) => k.orderId === accepted.body.orderId)).toBe(true);
    // A second tap on accept does not fire twice.
    const again = await t.api('POST', `/guest-requests/${body.id}/accept`, { token: waiter.token, body: {} });
    expect(again.body.error.code).toBe('GUEST_REQUEST_ANSWERED');

    const lineIds = orderRes.body.lines.map((l: any) => l.id);
    const readyWatch = phone.request(body.id, '?state=in_kitchen&wait=20');
    await own('POST', `/orders/${accepted.body.orderId}/lines/ready`, { lineIds });
    expect((await readyWatch).body.state).toBe('ready');

    // A second round from the same table joins the table's open order.
    const second = order([{ itemId: b.items.tart, quantity: 1 }]);
    expect((await phone.send(second)).status).toBe(201);
    const acceptedSecond = await t.api('POST', `/guest-requests/${second.id}/accept`, { token: waiter.token, body: {} });
    expect(acceptedSecond.body.orderId).toBe(accepted.body.orderId);
  });

  it('a refused order tells the guest why, and writes no order', async () => {
    const { token } = await tableQr(r, b.tables.t4);
    await seat(r, b.tables.t4);
    const phone = guestPhone(t, b.tables.t4, token);
    const body = order([{ itemId: b.items.tart, quantity: 3 }]);
    await phone.send(body);
    const ordersBefore = (await own('GET', '/orders?status=all&limit=500')).body.length;
    const watching = phone.request(body.id, '?state=waiting&wait=20');
    const refused = await t.api('POST', `/guest-requests/${body.id}/refuse`, { token: waiter.token, body: { reason: 'The kitchen closed at 22:00' } });
    expect(refused.status).toBe(200);
    expect((await watching).body).toMatchObject({ state: 'refused', refusedReason: 'The kitchen closed at 22:00' });
    expect((await own('GET', '/orders?status=all&limit=500')).body.length).toBe(ordersBefore);
  });

  it('calls and bill requests reach the waiter once, whatever the taps', async () => {
    const { token } = await tableQr(r, b.tables.t1);
    const phone = guestPhone(t, b.tables.t1, token);
    const first = await phone.send({ id: newId(), kind: 'call' });
    expect(first.status).toBe(201);
    const tapAgain = await phone.send({ id: newId(), kind: 'call' });
    expect(tapAgain.status).toBe(200);
    expect(tapAgain.body.id).toBe(first.body.id);
    const bill = await phone.send({ id: newId(), kind: 'bill', language: 'fr' });
    expect(bill.status).toBe(201);
    await socket.waitFor((f) => f.type === 'guest.request' && f.data.id === bill.body.id && f.data.kind === 'bill');
    const answered = await t.api('POST', `/guest-requests/${first.body.id}/accept`, { token: waiter.token, body: {} });
    expect(answered.body).toMatchObject({ status: 'accepted', kind: 'call', orderId: null });
    expect((await phone.request(first.body.id)).body.state).toBe('accepted');
    await t.api('POST', `/guest-requests/${bill.body.id}/accept`, { token: waiter.token, body: {} });
  });
});

describe('the restaurant stays in control', () => {
  it('limits: worth, orders per 10 minutes, areas, hours; and straight to the kitchen when chosen', async () => {
    const { token } = await tableQr(r, b.tables.t2);
    const phone = guestPhone(t, b.tables.t2, token);
    expect((await own('PATCH', '/guest-ordering/settings', { maxOrderTotal: 2000, maxOrdersPer10Min: 2 })).status).toBe(200);
    const big = await phone.send(order([{ itemId: b.items.tart, quantity: 3 }]));
    expect(big.status).toBe(422);
    expect(big.body.error).toMatchObject({ code: 'GUEST_ORDER_TOO_LARGE', details: { max: 2000, total: 2400 } });
    expect((await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]))).status).toBe(201);
    expect((await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]))).status).toBe(201);
    const third = await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]));
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('GUEST_ORDER_LIMIT');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(11 * 60_000);

    const area = (await own('GET', '/areas')).body[0].id;
    await own('PATCH', '/guest-ordering/settings', { disabledAreaIds: [area] });
    expect((await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]))).body.error.details.reason).toBe('area');
    expect((await phone.menu()).body.ordering).toMatchObject({ open: false, reason: 'area' });
    // 19:11 in Paris now; ordering only 11:30–14:30.
    await own('PATCH', '/guest-ordering/settings', { disabledAreaIds: [], windows: [{ from: '11:30', to: '14:30' }] });
    expect((await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]))).body.error.details.reason).toBe('hours');
    await own('PATCH', '/guest-ordering/settings', { windows: [{ from: '18:00', to: '02:00' }], autoAccept: true });
    const straight = await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]));
    expect(straight.status).toBe(201);
    expect(straight.body.state).toBe('in_kitchen');
    await own('PATCH', '/guest-ordering/settings', { windows: [], autoAccept: false, maxOrderTotal: 15000, maxOrdersPer10Min: 3 });
    expect((await t.api('PATCH', '/guest-ordering/settings', { token: waiter.token, body: { autoAccept: true } })).status).toBe(403);
  });

  it('a blocked guest at the table cannot order from the phone, but can still call the waiter', async () => {
    const { token } = await tableQr(r, b.tables.t3);
    const phone = guestPhone(t, b.tables.t3, token);
    const orderId = newId();
    await own('POST', '/orders', { id: orderId, type: 'dine_in', tableId: b.tables.t3, lines: [] });
    const customer = (await own('POST', '/customers', { id: newId(), name: 'Trouble Maker', blockedReason: 'Left without paying twice' })).body;
    await own('PUT', `/orders/${orderId}/customer`, { customerId: customer.id });
    const before = dumpDatabase(t.dbFile);
    const res = await phone.send(order([{ itemId: b.items.soda, quantity: 1 }]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('GUEST_BLOCKED');
    expect(res.body.error.message).not.toContain('paying');
    expect(dumpDatabase(t.dbFile)).toBe(before);
    expect((await phone.send({ id: newId(), kind: 'call' })).status).toBe(201);
  });

  it('a request nobody answers raises one alert for the manager after the set minutes', async () => {
    const { token } = await tableQr(r, b.tables.t4);
    await t.box.services.guests.raiseOverdue(); // what earlier tests left waiting, 11 minutes ago
    const sent = await guestPhone(t, b.tables.t4, token).send({ id: newId(), kind: 'bill' });
    expect(await t.box.services.guests.raiseOverdue()).toBe(0);
    clock.advance(3 * 60_000);
    expect(await t.box.services.guests.raiseOverdue()).toBe(1);
    const alert = await socket.waitFor((f) => f.type === 'guest.alert' && f.data.requestId === sent.body.id);
    expect(alert.data).toMatchObject({ tableLabel: 'T4', kind: 'bill', waitingMinutes: 3 });
    expect(await t.box.services.guests.raiseOverdue()).toBe(0);
    expect((await own('GET', `/guest-requests/${sent.body.id}`)).body.alertedAt).not.toBeNull();
  });
});
