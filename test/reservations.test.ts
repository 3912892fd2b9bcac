import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { hello, type TestSocket } from './helpers/ws-client.js';
import { manualClock } from '../src/lib/clock.js';

/**
 * Bookings at the door (issue 20) through the real box: availability, a booking made twice by a
 * double tap, two tablets racing for one table, joined tables, status with who and when, seating
 * that opens the table for the waiter, no-shows, and bad input on every route (4xx, nothing written).
 */
const clock = manualClock(Date.UTC(2026, 10, 20, 10, 0)); // Friday 20 November 2026, 11:00 in Paris
const DATE = '2026-11-20';
const at = (hhmm: string, date = DATE) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h! - 1, m!); // Paris is UTC+1 in November
};

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let host: string;
let host2: string;
let socket: TestSocket;

beforeAll(async () => {
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t, { country: 'FR' });
  b = await seedBistro(r);
  host = (await r.signInAs('host')).token;
  host2 = (await r.signInAs('host')).token;
  socket = (await hello(t.url, host, ['reservations', 'tables'])).socket;
});
afterAll(async () => { socket?.close(); await t.close(); });

const api = (method: string, path: string, body?: unknown, token = host) => t.api(method, path, { token, body });
const book = (body: Record<string, unknown>, token = host) => api('POST', '/reservations', { id: newId(), name: 'Dupont', partySize: 2, startsAt: at('19:00'), ...body }, token);

describe('availability and booking', () => {
  it('answers which times can seat 4 tonight, with the table each would get', async () => {
    const res = await api('GET', `/reservations/availability?date=${DATE}&party=4`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: DATE, party: 4, durationMinutes: 105, closed: null });
    const seven = res.body.slots.find((s: { time: string }) => s.time === '19:00');
    expect(seven).toMatchObject({ startsAt: at('19:00'), tableLabels: ['T1'] });
    // At 11:00 the day's first offer is lunch at 12:00.
    expect(res.body.slots[0].time).toBe('12:00');
  });

  it('books with a client-made id; a retried create answers the first, the same id with other details is refused', async () => {
    const id = newId();
    const body = { id, name: 'Camille Martin', phone: '06 12 34 56 78', partySize: 4, startsAt: at('19:00'), occasion: 'birthday', notes: 'Window if possible' };
    const first = await api('POST', '/reservations', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, phone: '+33612345678', status: 'booked', source: 'phone', tableLabels: ['T1'], serviceDate: DATE, time: '19:00', version: 1 });
    expect(first.body.endsAt - first.body.startsAt).toBe(105 * 60_000);
    const again = await api('POST', '/reservations', body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await api('POST', '/reservations', { ...body, partySize: 3 });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const frame = await socket.waitFor((f) => f.type === 'reservation_confirmed' && f.data.id === id);
    expect(frame.data.name).toBe('Camille Martin');
  });

  it('two tablets book the same table at the same moment: one wins, the other gets 409 TABLE_TAKEN naming the winner', async () => {
    const [a, c] = await Promise.all([
      book({ name: 'Tablet A', partySize: 2, tableIds: [b.tables.t3], startsAt: at('20:00') }, host),
      book({ name: 'Tablet B', partySize: 2, tableIds: [b.tables.t3], startsAt: at('20:15') }, host2),
    ]);
    const statuses = [a.status, c.status].sort();
    expect(statuses).toEqual([201, 409]);
    const [won, lost] = a.status === 201 ? [a, c] : [c, a];
    expect(lost.body.error.code).toBe('TABLE_TAKEN');
    expect(lost.body.error.details.reservationId).toBe(won.body.id);
    expect(lost.body.error.message).toContain(won.body.name);
    const list = await api('GET', `/reservations?date=${DATE}`);
    expect(list.body.reservations.filter((x: { tableLabels: string[] }) => x.tableLabels.includes('T3'))).toHaveLength(1);
  });

  it('keeps the buffer between two parties on one table, and frees it right after', async () => {
    // T3 is booked 20:00–21:30 (+15 min buffer).
    const early = await book({ tableIds: [b.tables.t3], startsAt: at('21:30') });
    expect(early.body.error.code).toBe('TABLE_TAKEN');
    const onTime = await book({ name: 'After', tableIds: [b.tables.t3], startsAt: at('21:45') });
    expect(onTime.status).toBe(201);
  });

  it('a big party sits at tables the restaurant lets join, and only those', async () => {
    const refused = await book({ name: 'Big', partySize: 8, tableIds: [b.tables.t1, b.tables.t2], startsAt: at('12:30') });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TABLES_UNSUITABLE');
    const settings = (await api('GET', '/reservations/settings')).body;
    const owner = r.ownerToken;
    const put = await api('PUT', '/reservations/settings', { ...settings, version: undefined, combinations: [[b.tables.t1, b.tables.t2]], expectedVersion: settings.version }, owner);
    expect(put.status).toBe(200);
    const joined = await book({ name: 'Big', partySize: 8, startsAt: at('12:30') });
    expect(joined.status).toBe(201);
    expect(joined.body.tableLabels).toEqual(['T1', 'T2']);
    const four = await book({ name: 'Four', partySize: 4, tableIds: [b.tables.t2], startsAt: at('13:00') });
    expect(four.body.error.code).toBe('TABLE_TAKEN');
    expect(four.body.error.details.reservationId).toBe(joined.body.id);
  });

  it('an update needs the version it was loaded at, and re-checks the tables it moves to', async () => {
    const made = (await book({ name: 'Mover', partySize: 2, startsAt: at('12:00'), tableIds: [b.tables.t3] })).body;
    const stale = await api('PATCH', `/reservations/${made.id}`, { startsAt: at('12:15'), expectedVersion: 7 });
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const moved = await api('PATCH', `/reservations/${made.id}`, { startsAt: at('12:15'), partySize: 3, tableIds: [b.tables.t4], expectedVersion: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ time: '12:15', partySize: 3, tableLabels: ['T4'], version: 2 });
  });
});

describe('the evening at the door', () => {
  it('checks a guest in, seats them in one tap (the table opens with the guest count), and a double tap opens one order', async () => {
    const made = (await book({ name: 'Seated Sam', partySize: 3, tableIds: [b.tables.t4], startsAt: at('19:30') })).body;
    clock.set(at('19:25'));
    const arrived = await api('POST', `/reservations/${made.id}/status`, { status: 'arrived' });
    expect(arrived.status).toBe(200);
    await socket.waitFor((f) => f.type === 'customer_checked_in' && f.data.id === made.id);
    const orderId = newId();
    const [one, two] = await Promise.all([
      api('POST', `/reservations/${made.id}/seat`, { orderId }),
      api('POST', `/reservations/${made.id}/seat`, { orderId }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(one.body).toMatchObject({ status: 'seated', orderId });
    const order = await api('GET', `/orders/${orderId}`, undefined, r.ownerToken);
    expect(order.body).toMatchObject({ tableId: b.tables.t4, guestCount: 3, customerName: 'Seated Sam' });
    expect((await api('GET', `/tables/${b.tables.t4}`)).body.status).toBe('occupied');
    const detail = (await api('GET', `/reservations/${made.id}`)).body;
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual(['booked', 'arrived', 'seated']);
    expect(detail.history[1].staffName).toMatch(/^host/);
  });

  it('seating an early guest on a table promised to someone arriving soon is refused, naming that booking', async () => {
    const soon = (await book({ name: 'Soon', partySize: 2, tableIds: [b.tables.t2], startsAt: at('20:00') })).body;
    // Their own table is later; they came early and the host tries T2, which Soon has at 20:00.
    const walkIn = (await book({ name: 'Early Bird', partySize: 2, startsAt: at('22:00') })).body;
    expect(walkIn.tableLabels).toEqual(['T1']);
    const res = await api('POST', `/reservations/${walkIn.id}/seat`, { orderId: newId(), tableIds: [b.tables.t2] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'TABLE_TAKEN', details: { reservationId: soon.id } });
  });

  it('a late booking shows how late; no-show only once its time has come, and it lets the table go', async () => {
    const late = (await book({ name: 'Late Lou', partySize: 2, tableIds: [b.tables.t2], startsAt: at('21:45') })).body;
    const tooSoon = await api('POST', `/reservations/${late.id}/status`, { status: 'no_show' });
    expect(tooSoon.body.error.code).toBe('ILLEGAL_TRANSITION');
    clock.set(at('22:05'));
    const listed = (await api('GET', `/reservations?date=${DATE}`)).body.reservations.find((x: { id: string }) => x.id === late.id);
    expect(listed.lateMinutes).toBe(20);
    const noShow = await api('POST', `/reservations/${late.id}/status`, { status: 'no_show', reason: 'No answer on the phone' });
    expect(noShow.body).toMatchObject({ status: 'no_show', lateMinutes: 0 });
    const free = await book({ name: 'Takes T2', tableIds: [b.tables.t2], startsAt: at('22:00') });
    expect(free.status).toBe(201);
    // Lou turns up after all: T2 is gone now, so checking them in again is refused by the table.
    const back = await api('POST', `/reservations/${late.id}/status`, { status: 'arrived' });
    expect(back.body.error.code).toBe('TABLE_TAKEN');
  });

  it('every booking and status change is queued for the cloud in the change log', () => {
    const db = new Database(t.dbFile, { readonly: true });
    const rows = db.prepare("select entity, count(*) as n from change_log where entity like 'reservation%' group by entity").all() as Array<{ entity: string; n: number }>;
    db.close();
    const counts = Object.fromEntries(rows.map((x) => [x.entity, x.n]));
    expect(counts.reservation).toBeGreaterThanOrEqual(10);
    expect(counts.reservation_status_change).toBeGreaterThanOrEqual(10);
    expect(counts.reservation_settings).toBe(1);
  });
});

describe('bad input: a clear 4xx and nothing written', () => {
  const tenKb = 'x'.repeat(10_240);
  const cases: Array<[string, string, string, () => unknown, number, string]> = [
    ['a time that has passed', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('12:00', '2026-11-19') }), 400, 'VALIDATION_FAILED'],
    ['a party of 0', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 0, startsAt: at('22:00') }), 400, 'VALIDATION_FAILED'],
    ['a party of 500', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 500, startsAt: at('22:00') }), 400, 'VALIDATION_FAILED'],
    ['an unknown table', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('22:00'), tableIds: [newId()] }), 404, 'NOT_FOUND'],
    ['10 KB of notes', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('22:00'), notes: tenKb }), 400, 'VALIDATION_FAILED'],
    ['a bad phone', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('22:00'), phone: '06 00' }), 400, 'VALIDATION_FAILED'],
    ['an unknown customer', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('22:00'), customerId: newId() }), 404, 'NOT_FOUND'],
    ['a time the restaurant is closed', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 2, startsAt: at('16:00', '2026-11-21') }), 409, 'OUTSIDE_OPENING_HOURS'],
    ['a table too small', 'POST', '/reservations', () => ({ id: newId(), name: 'P', partySize: 5, startsAt: at('22:00'), tableIds: [b.tables.t3] }), 409, 'TABLES_UNSUITABLE'],
    ['no id', 'POST', '/reservations', () => ({ name: 'P', partySize: 2, startsAt: at('22:00') }), 400, 'VALIDATION_FAILED'],
    ['a past date', 'GET', `/reservations/availability?date=2026-01-01&party=2`, () => undefined, 400, 'VALIDATION_FAILED'],
    ['party 0 in availability', 'GET', `/reservations/availability?date=${DATE}&party=0`, () => undefined, 400, 'VALIDATION_FAILED'],
    ['party 500 in availability', 'GET', `/reservations/availability?date=${DATE}&party=500`, () => undefined, 400, 'VALIDATION_FAILED'],
    ['not a date', 'GET', '/reservations?date=2026-02-30', () => undefined, 400, 'VALIDATION_FAILED'],
    ['an unknown booking', 'PATCH', `/reservations/${newId()}`, () => ({ name: 'X', expectedVersion: 1 }), 404, 'NOT_FOUND'],
    ['an update without its version', 'PATCH', `/reservations/${newId()}`, () => ({ name: 'X' }), 400, 'VALIDATION_FAILED'],
    ['an unknown status', 'POST', `/reservations/${newId()}/status`, () => ({ status: 'eaten' }), 400, 'VALIDATION_FAILED'],
    ['seating with a bad order id', 'POST', `/reservations/${newId()}/seat`, () => ({ orderId: 'nope' }), 400, 'VALIDATION_FAILED'],
    ['settings with an unknown table joined', 'PUT', '/reservations/settings', () => ({ hours: {}, durations: [{ upTo: 4, minutes: 90 }], pacingCovers: null, bufferMinutes: 0, lastSeatingMinutes: 0, holdMinutes: 0, combinations: [[newId(), b.tables.t1]], onlineAllotment: null }), 404, 'NOT_FOUND'],
    ['settings with 25:00', 'PUT', '/reservations/settings', () => ({ hours: { 1: [{ open: '25:00', close: '23:00' }] }, durations: [{ upTo: 4, minutes: 90 }], pacingCovers: null, bufferMinutes: 0, lastSeatingMinutes: 0, holdMinutes: 0, combinations: [], onlineAllotment: null }), 400, 'VALIDATION_FAILED'],
    ['a closed day with hours', 'POST', '/reservations/exceptions', () => ({ date: '2026-12-25', kind: 'closed', startTime: '19:00', endTime: '20:00' }), 400, 'VALIDATION_FAILED'],
    ['a private event on an unknown table', 'POST', '/reservations/exceptions', () => ({ date: '2026-12-24', kind: 'private_event', tableIds: [newId()] }), 404, 'NOT_FOUND'],
    ['removing an unknown exception', 'DELETE', `/reservations/exceptions/${newId()}`, () => undefined, 404, 'NOT_FOUND'],
  ];
  it.each(cases)('%s', async (_name, method, path, body, status, code) => {
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const res = await api(method, path, body(), r.ownerToken);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });

  it('a kitchen cook may not read or write bookings; a waiter may not change the door settings', async () => {
    const cook = (await r.signInAs('kitchen')).token;
    expect((await api('GET', `/reservations?date=${DATE}`, undefined, cook)).status).toBe(403);
    const waiter = (await r.signInAs('waiter')).token;
    expect((await api('POST', '/reservations/exceptions', { date: '2026-12-25', kind: 'closed' }, waiter)).status).toBe(403);
  });
});
