import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { hello, type TestSocket } from './helpers/ws-client.js';
import { manualClock } from '../src/lib/clock.js';

/**
 * The waitlist at the door (issue 20) through the real box: a walk-in party added with a phone
 * number gets a quoted wait from the live tables; the estimate drops as a table has its last course
 * and then pays, and the host screen hears it (`estimated_wait_time`) on the WebSocket; seating the
 * party opens the table. Bad input: a clear 4xx and nothing written.
 */
const clock = manualClock(Date.UTC(2026, 10, 20, 18, 0)); // 19:00 in Paris
const MIN = 60_000;

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let host: string;
let waiter: string;
let socket: TestSocket;
const orders: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t, { country: 'FR' });
  b = await seedBistro(r);
  host = (await r.signInAs('host')).token;
  waiter = (await r.signInAs('waiter')).token;
  socket = (await hello(t.url, host, ['reservations'])).socket;
  // The whole room is seated at 19:00: couples at T1–T3, four at T4.
  for (const [key, guests] of [['t1', 2], ['t2', 2], ['t3', 2], ['t4', 4]] as const) {
    orders[key] = newId();
    const res = await t.api('POST', '/orders', { token: waiter, body: { id: orders[key], type: 'dine_in', tableId: b.tables[key], guestCount: guests, lines: [{ itemId: b.items.tart, quantity: guests }] } });
    expect(res.status).toBe(201);
  }
  clock.set(Date.UTC(2026, 10, 20, 18, 30)); // 19:30
});
afterAll(async () => { socket?.close(); await t.close(); });

const api = (method: string, path: string, body?: unknown, token = host) => t.api(method, path, { token, body });
/** The next `estimated_wait_time` frame where the party's estimate is no longer `was`. */
const estimateChange = (id: string, was: number) => socket.waitFor((f) => f.type === 'estimated_wait_time' && f.data.estimates.some((e: { id: string; minutes: number }) => e.id === id && e.minutes !== was));

describe('the waitlist estimate follows the room', () => {
  const party = newId();

  it('adds a walk-in couple with a phone number once (double tap), quoting a wait from the live tables', async () => {
    const body = { id: party, partySize: 2, name: 'Noé Walk', phone: '06 11 22 33 44' };
    const [a, c] = await Promise.all([api('POST', '/waitlist', body), api('POST', '/waitlist', body)]);
    expect([a.status, c.status]).toEqual([201, 201]);
    expect(a.body).toMatchObject({ id: party, phone: '+33611223344', status: 'waiting' });
    // No history yet: a couple keeps a table 90 min (the booking durations); seated 30 min ago, plus the 15 min reset.
    expect(a.body.quotedMinutes).toBe(75);
    expect(a.body.estimatedMinutes).toBe(75);
    expect((await api('GET', '/waitlist')).body.waitlist).toHaveLength(1);
  });

  it('drops when a table has its last course, and the host screen hears it', async () => {
    clock.set(Date.UTC(2026, 10, 20, 18, 40)); // 19:40
    const fired = await t.api('POST', `/orders/${orders.t2}/fire`, { token: waiter, body: {} });
    expect(fired.status).toBe(200);
    const frame = await estimateChange(party, 75);
    const mine = frame.data.estimates.find((e: { id: string }) => e.id === party);
    // Last course out at 19:40: about 20 minutes to leave, 15 to reset the table.
    expect(mine).toMatchObject({ minutes: 35, tableIds: [b.tables.t2] });
    expect((await api('GET', '/waitlist')).body.waitlist[0].estimatedMinutes).toBe(35);
  });

  it('drops to nothing when that table pays, and seating the party in one tap opens the table with its guest count', async () => {
    clock.set(Date.UTC(2026, 10, 20, 18, 50));
    const paid = await t.api('POST', `/orders/${orders.t2}/payments`, { token: waiter, body: { method: 'card' }, headers: { 'idempotency-key': `pay-${newId()}` } });
    expect(paid.status).toBe(201);
    await socket.waitFor((f) => f.type === 'estimated_wait_time' && f.data.estimates.some((e: { id: string; minutes: number }) => e.id === party && e.minutes === 0));
    const ready = await api('POST', `/waitlist/${party}/notify`, { tableIds: [b.tables.t2] });
    expect(ready.body.status).toBe('notified');
    const frame = await socket.waitFor((f) => f.type === 'table_ready');
    expect(frame.data).toMatchObject({ waitlistEntryId: party, tableIds: [b.tables.t2], phone: '+33611223344' });
    const orderId = newId();
    const seated = await api('POST', `/waitlist/${party}/seat`, { orderId });
    expect(seated.body).toMatchObject({ status: 'seated', orderId, estimatedMinutes: null });
    const order = await t.api('GET', `/orders/${orderId}`, { token: waiter });
    expect(order.body).toMatchObject({ tableId: b.tables.t2, guestCount: 2, customerName: 'Noé Walk' });
    expect((await api('GET', '/waitlist')).body.waitlist).toHaveLength(0);
  });

  it('seating a party on a table someone is still at is refused', async () => {
    const next = (await api('POST', '/waitlist', { id: newId(), partySize: 2, name: 'Next', phone: '+33 6 99 88 77 66' })).body;
    const res = await api('POST', `/waitlist/${next.id}/seat`, { orderId: newId(), tableIds: [b.tables.t1] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'TABLE_TAKEN', details: { reservationId: null } });
  });

  it('a party of six waits for the six-top or the joined fours, whichever frees first', async () => {
    await api('PUT', '/reservations/settings', { ...(await api('GET', '/reservations/settings')).body, version: undefined, combinations: [[b.tables.t1, b.tables.t2]] }, r.ownerToken);
    const six = (await api('POST', '/waitlist', { id: newId(), partySize: 6, name: 'Six', phone: '+33 6 10 20 30 40' })).body;
    expect(six.likelyTableIds).toEqual([b.tables.t4]);
    expect(six.estimatedMinutes).toBeGreaterThan(0);
    clock.advance(10 * MIN);
    expect((await api('GET', '/waitlist')).body.waitlist.find((e: { id: string }) => e.id === six.id).estimatedMinutes).toBeLessThan(six.estimatedMinutes);
  });
});

describe('bad input on the waitlist: a clear 4xx and nothing written', () => {
  const tenKb = 'x'.repeat(10_240);
  const base = { partySize: 2, name: 'P', phone: '+33 6 12 12 12 12' };
  const cases: Array<[string, string, string, () => unknown, number, string]> = [
    ['no phone', 'POST', '/waitlist', () => ({ id: newId(), partySize: 2, name: 'P' }), 400, 'VALIDATION_FAILED'],
    ['a bad phone', 'POST', '/waitlist', () => ({ ...base, id: newId(), phone: '12' }), 400, 'VALIDATION_FAILED'],
    ['a party of 0', 'POST', '/waitlist', () => ({ ...base, id: newId(), partySize: 0 }), 400, 'VALIDATION_FAILED'],
    ['a party of 500', 'POST', '/waitlist', () => ({ ...base, id: newId(), partySize: 500 }), 400, 'VALIDATION_FAILED'],
    ['10 KB of notes', 'POST', '/waitlist', () => ({ ...base, id: newId(), notes: tenKb }), 400, 'VALIDATION_FAILED'],
    ['an unknown party to seat', 'POST', `/waitlist/${newId()}/seat`, () => ({ orderId: newId(), tableIds: [b.tables.t3] }), 404, 'NOT_FOUND'],
    ['an unknown party to notify', 'POST', `/waitlist/${newId()}/notify`, () => ({}), 404, 'NOT_FOUND'],
    ['leaving with a made-up status', 'POST', `/waitlist/${newId()}/leave`, () => ({ status: 'vanished' }), 400, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('%s', async (_name, method, path, body, status, code) => {
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const res = await api(method, path, body());
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });

  it('seating a waiting party at an unknown table is a 404 and writes nothing', async () => {
    const waiting = (await api('GET', '/waitlist')).body.waitlist[0];
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const res = await api('POST', `/waitlist/${waiting.id}/seat`, { orderId: newId(), tableIds: [newId()] });
    expect(res.status).toBe(404);
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });
});
