import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { manualClock } from '../src/lib/clock.js';
import type { DomainEvent } from '../src/events/bus.js';

const clock = manualClock();
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
let cook: { token: string; staffId: string };
let events: DomainEvent[];
beforeEach(async () => {
  clock.set(Date.UTC(2026, 10, 20, 18, 0, 0));
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
  cook = await r.signInAs('kitchen');
  events = [];
  t.box.deps.bus.subscribe((e) => events.push(e));
});
afterEach(async () => { await t.close(); });

const ofType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data as any);
const openOrder = async (lines: unknown[], tableId = b.tables.t1) => {
  const res = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId, lines } });
  expect(res.status).toBe(201);
  return res.body;
};
const fire = async (orderId: string, body: unknown = {}) => {
  const res = await t.api('POST', `/orders/${orderId}/fire`, { token: waiter.token, body });
  expect(res.status).toBe(200);
  return res.body;
};
const tickets = async (query = '') => {
  const res = await t.api('GET', `/kitchen/tickets${query}`, { token: cook.token });
  expect(res.status).toBe(200);
  return res.body as any[];
};
const kitchenPost = (path: string) => t.api('POST', path, { token: cook.token });
const orderStatus = async (id: string) => (await t.api('GET', `/orders/${id}`, { token: waiter.token })).body.status;

describe('kitchen tickets', () => {
  it('firing a burger and a soda makes one grill ticket and one bar ticket with everything the cooks need', async () => {
    const order = await openOrder([{ ...burgerLine(b, { seat: 2 }), notes: 'no onions' }, { itemId: b.items.soda, quantity: 2, seat: 1 }]);
    await fire(order.id);
    const [grill] = await tickets('?station=grill');
    expect(grill).toMatchObject({ orderId: order.id, orderNumber: order.number, station: 'grill', kind: 'new', tableLabel: 'T1', serverName: expect.stringMatching(/^waiter/),
      course: 1, firedAt: clock.now(), bumpedAt: null, recalledAt: null, status: 'open' });
    expect(grill.lines).toHaveLength(1);
    expect(grill.lines[0]).toMatchObject({ name: 'Burger', quantity: 1, seat: 2, course: 1, notes: 'no onions', state: 'fired', readyAt: null });
    expect([...grill.lines[0].options].sort()).toEqual(['Bacon', 'Cheese', 'Fries', 'Medium']);
    const [bar] = await tickets('?station=bar');
    expect(bar).toMatchObject({ station: 'bar', kind: 'new', lines: [{ name: 'Soda', quantity: 2, seat: 1, options: [], notes: null }] });
    expect(await tickets('?station=pastry')).toEqual([]);
    expect(ofType('ticket.created').map((v) => v.station).sort()).toEqual(['bar', 'grill']);
    expect(ofType('ticket.created').find((v) => v.station === 'grill')).toEqual(grill);
  });

  it('a course fired later makes a NEW ticket for that course (not an ADD), and a retried fire makes no second ticket', async () => {
    const order = await openOrder([burgerLine(b, { course: 1 }), { itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad], course: 2 }]);
    await fire(order.id, { course: 1 });
    await fire(order.id, { course: 1 });
    expect(await tickets('?station=grill')).toHaveLength(1);
    clock.advance(20 * 60_000);
    await fire(order.id, { course: 2 });
    await fire(order.id, {});
    const grill = await tickets('?station=grill');
    expect(grill.map((x) => [x.kind, x.course, x.lines[0].name])).toEqual([['new', 1, 'Burger'], ['new', 2, 'Steak frites']]);
    expect(grill[1].firedAt - grill[0].firedAt).toBe(20 * 60_000);
    expect(ofType('ticket.created')).toHaveLength(2);
  });

  it('a dish added to a course the kitchen already has makes an ADD ticket', async () => {
    const order = await openOrder([burgerLine(b, { course: 1 })]);
    await fire(order.id, { course: 1 });
    const added = await t.api('POST', `/orders/${order.id}/lines`, { token: waiter.token, body: { lines: [{ itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad], course: 1 }] } });
    expect(added.status).toBe(200);
    await fire(order.id, { course: 1 });
    const grill = await tickets('?station=grill');
    expect(grill.map((x) => [x.kind, x.course, x.lines[0].name])).toEqual([['new', 1, 'Burger'], ['add', 1, 'Steak frites']]);
  });

  it('a ticket that mixes courses says so with no single course', async () => {
    const order = await openOrder([burgerLine(b, { course: 1 }), { itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad], course: 2 }]);
    await fire(order.id);
    const [grill] = await tickets('?station=grill');
    expect(grill.course).toBeNull();
    expect(grill.lines.map((l: any) => l.course)).toEqual([1, 2]);
  });

  it('voiding a fired line sends a VOID ticket to its station, and the kitchen acknowledges it by bumping', async () => {
    const manager = await r.signInAs('manager', '4455');
    const order = await openOrder([burgerLine(b), { itemId: b.items.soda, quantity: 1 }]);
    await fire(order.id);
    const burger = order.lines.find((l: any) => l.name === 'Burger');
    const voided = await t.api('POST', `/orders/${order.id}/lines/${burger.id}/void`, { token: waiter.token, body: { reason: 'guest left', approval: { staffId: manager.staffId, pin: '4455' } } });
    expect(voided.status).toBe(200);
    const grill = await tickets('?station=grill');
    expect(grill.map((x) => x.kind)).toEqual(['new', 'void']);
    expect(grill[1]).toMatchObject({ status: 'open', lines: [{ lineId: burger.id, name: 'Burger', state: 'voided' }] });
    expect(grill[0].lines[0].state).toBe('voided');
    expect(await tickets('?station=bar')).toHaveLength(1);
    const ack = await kitchenPost(`/kitchen/tickets/${grill[1].id}/bump`);
    expect(ack.body).toMatchObject({ kind: 'void', status: 'bumped', bumpedAt: clock.now() });
    const lineBump = await kitchenPost(`/kitchen/tickets/${grill[1].id}/lines/${burger.id}/bump`);
    expect(lineBump.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('canceling an order with fired food sends VOID tickets to each station', async () => {
    const manager = await r.signInAs('manager', '4456');
    const order = await openOrder([burgerLine(b), { itemId: b.items.soda, quantity: 1 }]);
    await fire(order.id);
    const canceled = await t.api('POST', `/orders/${order.id}/cancel`, { token: waiter.token, body: { reason: 'fire alarm', approval: { staffId: manager.staffId, pin: '4456' } } });
    expect(canceled.status).toBe(200);
    const all = await tickets();
    expect(all.map((x) => `${x.station}:${x.kind}`).sort()).toEqual(['bar:new', 'bar:void', 'grill:new', 'grill:void']);
    const original = all.find((x) => x.station === 'grill' && x.kind === 'new');
    expect((await kitchenPost(`/kitchen/tickets/${original.id}/bump`)).body).toMatchObject({ status: 'bumped' });
  });

  it('bumping a line then the rest of the ticket makes the food ready, moves the order on and tells the waiter', async () => {
    const order = await openOrder([burgerLine(b, { seat: 1 }), burgerLine(b, { seat: 2 }), { itemId: b.items.soda, quantity: 1 }]);
    await fire(order.id);
    const [grill] = await tickets('?station=grill');
    const [first, second] = grill.lines.map((l: any) => l.lineId);
    expect(await orderStatus(order.id)).toBe('sent');
    clock.advance(5 * 60_000);
    const one = await kitchenPost(`/kitchen/tickets/${grill.id}/lines/${first}/bump`);
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('open');
    expect(one.body.lines.map((l: any) => l.state)).toEqual(['ready', 'fired']);
    expect(await orderStatus(order.id)).toBe('in_progress');
    expect(ofType('order.ready')).toEqual([{ orderId: order.id, number: order.number, tableId: b.tables.t1, tableLabel: 'T1', staffId: waiter.staffId, lineIds: [first], station: 'grill' }]);
    const again = await kitchenPost(`/kitchen/tickets/${grill.id}/lines/${first}/bump`);
    expect(again.body).toEqual(one.body);
    expect(ofType('order.ready')).toHaveLength(1);
    clock.advance(60_000);
    const all = await kitchenPost(`/kitchen/tickets/${grill.id}/bump`);
    expect(all.body).toMatchObject({ status: 'bumped', firedAt: grill.firedAt, bumpedAt: grill.firedAt + 6 * 60_000 });
    expect(all.body.lines.map((l: any) => [l.state, l.readyAt])).toEqual([['ready', grill.firedAt + 5 * 60_000], ['ready', grill.firedAt + 6 * 60_000]]);
    expect(ofType('order.ready').at(-1)).toMatchObject({ lineIds: [second], station: 'grill' });
    expect(ofType('ticket.updated').at(-1)).toEqual(all.body);
    expect(await tickets('?station=grill')).toEqual([]);
    expect((await tickets('?station=grill&status=bumped'))[0]).toEqual(all.body);
    expect((await kitchenPost(`/kitchen/tickets/${grill.id}/bump`)).body).toEqual(all.body);
    const stations = await t.api('GET', '/kitchen/stations', { token: cook.token });
    expect(stations.body).toEqual([{ station: 'bar', openTickets: 1 }, { station: 'grill', openTickets: 0 }, { station: 'pastry', openTickets: 0 }]);
  });

  it('marking lines ready or served from the order screen bumps their ticket too', async () => {
    const order = await openOrder([{ itemId: b.items.soda, quantity: 1 }, { itemId: b.items.tart, quantity: 1 }]);
    await fire(order.id);
    const soda = order.lines.find((l: any) => l.name === 'Soda').id;
    const tart = order.lines.find((l: any) => l.name === 'Tarte Tatin').id;
    await t.api('POST', `/orders/${order.id}/lines/ready`, { token: cook.token, body: { lineIds: [soda] } });
    await t.api('POST', `/orders/${order.id}/lines/served`, { token: waiter.token, body: { lineIds: [tart] } });
    const all = await tickets('?status=all');
    expect(all.map((x) => [x.station, x.status])).toEqual([['bar', 'bumped'], ['pastry', 'bumped']]);
    expect(ofType('order.ready')).toMatchObject([{ lineIds: [soda], station: 'bar' }]);
  });

  it('a recall brings a bumped ticket back with its food not ready, keeping the fire and bump times', async () => {
    const order = await openOrder([burgerLine(b), { itemId: b.items.soda, quantity: 1 }]);
    await fire(order.id);
    const [grill] = await tickets('?station=grill');
    clock.advance(8 * 60_000);
    const bumped = (await kitchenPost(`/kitchen/tickets/${grill.id}/bump`)).body;
    expect(await orderStatus(order.id)).toBe('in_progress');
    clock.advance(60_000);
    const recalled = await kitchenPost(`/kitchen/tickets/${grill.id}/recall`);
    expect(recalled.status).toBe(200);
    expect(recalled.body).toMatchObject({ status: 'open', firedAt: grill.firedAt, bumpedAt: bumped.bumpedAt, recalledAt: clock.now(), lines: [{ state: 'fired', readyAt: null }] });
    expect(recalled.body.version).toBeGreaterThan(bumped.version);
    expect(ofType('ticket.updated').at(-1)).toEqual(recalled.body);
    expect(await orderStatus(order.id)).toBe('sent');
    expect((await tickets('?station=grill')).map((x) => x.id)).toEqual([grill.id]);
    const twice = await kitchenPost(`/kitchen/tickets/${grill.id}/recall`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ILLEGAL_TRANSITION');
    clock.advance(60_000);
    expect((await kitchenPost(`/kitchen/tickets/${grill.id}/bump`)).body).toMatchObject({ status: 'bumped', bumpedAt: clock.now(), recalledAt: recalled.body.recalledAt });
  });

  it('the all-day count adds up what is fired and not yet ready, per item and station', async () => {
    const a = await openOrder([burgerLine(b, { quantity: 2 }), { itemId: b.items.soda, quantity: 3 }, { itemId: b.items.tart, quantity: 1 }]);
    const c = await openOrder([burgerLine(b), { itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries] }], b.tables.t2);
    await openOrder([burgerLine(b, { quantity: 5 })], b.tables.t3);
    await fire(a.id);
    await fire(c.id);
    const grillDay = await t.api('GET', '/kitchen/all-day?station=grill', { token: cook.token });
    expect(grillDay.body).toEqual([{ itemId: b.items.burger, name: 'Burger', quantity: 3 }, { itemId: b.items.steak, name: 'Steak frites', quantity: 1 }]);
    const [cGrill] = (await tickets('?station=grill')).filter((x) => x.orderId === c.id);
    await kitchenPost(`/kitchen/tickets/${cGrill.id}/bump`);
    expect((await t.api('GET', '/kitchen/all-day?station=grill', { token: cook.token })).body).toEqual([{ itemId: b.items.burger, name: 'Burger', quantity: 2 }]);
    const everything = (await t.api('GET', '/kitchen/all-day', { token: cook.token })).body;
    expect(everything).toEqual([{ itemId: b.items.soda, name: 'Soda', quantity: 3 }, { itemId: b.items.burger, name: 'Burger', quantity: 2 }, { itemId: b.items.tart, name: 'Tarte Tatin', quantity: 1 }]);
  });
});
