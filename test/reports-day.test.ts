import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { reportApi } from './helpers/report-api.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { manualClock } from '../src/lib/clock.js';

const boxes: TestBox[] = [];
afterEach(async () => { for (const t of boxes.splice(0)) await t.close(); });

const HOUR = 60 * 60_000;
/** 22:30 in Paris on Friday 20 November 2026 (day start 04:00): business day 2026-11-20. */
const LATE = Date.UTC(2026, 10, 20, 21, 30);

async function restaurant() {
  const clock = manualClock(LATE);
  const t = await startTestBox({ clock });
  boxes.push(t);
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  return { t, r, b, clock, api: reportApi(r) };
}

function changeRows(t: TestBox, entity: string): Array<Record<string, unknown>> {
  const db = new Database(t.dbFile, { readonly: true });
  try {
    return (db.prepare('select row from change_log where entity = ? order by seq').all(entity) as Array<{ row: string }>).map((r) => JSON.parse(r.row));
  } finally {
    db.close();
  }
}

describe('closing the business day with a Z', () => {
  it('is refused while the day has open orders, naming them, and nothing is written; once they are paid it closes', async () => {
    const { t, b, api } = await restaurant();
    const paid = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(paid.id, { method: 'card' });
    const open1 = await api.order({ type: 'dine_in', tableId: b.tables.t1, lines: [{ itemId: b.items.tart, quantity: 2 }] });
    const open2 = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });

    const refused = await t.api('POST', '/reports/z', { token: api.token, headers: { 'idempotency-key': 'z-refused-1' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DAY_HAS_OPEN_ORDERS', details: { businessDay: '2026-11-20', numbers: [open1.number, open2.number] } });
    expect(refused.body.error.message).toContain(`#${open1.number}, #${open2.number}`);
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);

    await api.pay(open1.id, { method: 'cash' });
    await api.call('POST', `/orders/${open2.id}/cancel`, { reason: 'never collected' });
    const z = await api.z();
    expect(z).toMatchObject({ number: 1, businessDay: '2026-11-20', totals: { orders: 2, total: 369 + 1760 } });
  });

  it('after a Z at 22:30 the next order belongs to the next business day, numbered from 1, and stays there past midnight', async () => {
    const { b, clock, api } = await restaurant();
    const first = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(first.id, { method: 'card' });
    expect(first).toMatchObject({ businessDay: '2026-11-20', number: 1 });
    await api.z();

    clock.advance(15 * 60_000);
    const late = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    expect(late).toMatchObject({ businessDay: '2026-11-21', number: 1 });
    expect((await api.x()).businessDay).toBe('2026-11-21');
    clock.advance(3 * HOUR); // 01:45 on the 21st: the clock's business day is still the 20th
    const afterMidnight = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });
    expect(afterMidnight).toMatchObject({ businessDay: '2026-11-21', number: 2 });
    await api.pay(late.id, { method: 'cash' });
    await api.pay(afterMidnight.id, { method: 'card' });
    expect(changeRows(api.t, 'payment').map((p) => p.businessDay)).toEqual(['2026-11-20', '2026-11-21', '2026-11-21']);

    clock.advance(12 * HOUR); // 13:45 on the 21st (a sign-in lasts 16 hours)
    const z2 = await api.z();
    expect(z2).toMatchObject({ number: 2, businessDay: '2026-11-21', totals: { orders: 2, total: 369 + 880 } });
    const list = await api.call('GET', '/reports/z');
    expect(list.map((z: { number: number }) => z.number)).toEqual([2, 1]);
    expect((await api.call('GET', '/reports/z?from=2026-11-21')).map((z: { number: number }) => z.number)).toEqual([2]);
  });

  it('a Z forgotten last night and taken the next morning closes last night, not the new day; an open order of the new day does not block it', async () => {
    const { b, clock, api } = await restaurant();
    const lastNight = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(lastNight.id, { method: 'card' });
    clock.advance(11 * HOUR + 30 * 60_000); // 10:00 on the 21st: the clock's business day is the 21st
    const morning = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });
    expect(morning.businessDay).toBe('2026-11-21');

    const z1 = await api.z();
    expect(z1).toMatchObject({ number: 1, businessDay: '2026-11-20', totals: { orders: 1, total: 369 } });
    expect((await api.x()).businessDay).toBe('2026-11-21');
    await api.pay(morning.id, { method: 'cash' });
    const z2 = await api.z();
    expect(z2).toMatchObject({ number: 2, businessDay: '2026-11-21', totals: { orders: 1, total: 880 } });
  });

  it('a refund after the Z lands on the next day, in its synced row too, and the Z stays as it was', async () => {
    const { t, b, r, api } = await restaurant();
    const order = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 2 }] });
    const { payment } = await api.pay(order.id, { method: 'card', tip: 150 });
    const z = await api.z();
    expect(z.totals).toMatchObject({ total: 1760, tips: 150, refunds: { count: 0, amount: 0 } });

    const refund = await api.refund(payment.id, 800, 'burnt');
    expect(refund.refund.businessDay).toBe('2026-11-21');
    expect(changeRows(t, 'refund')).toEqual([expect.objectContaining({ id: refund.refund.id, businessDay: '2026-11-21', staffId: r.ownerId, reason: 'burnt', amount: 800 })]);
    expect(await api.call('GET', '/reports/z/1')).toEqual({ id: z.id, number: 1, businessDay: '2026-11-20', closedAt: z.closedAt, closedBy: z.closedBy, totals: z.totals });
    expect((await api.x()).totals).toMatchObject({ businessDay: '2026-11-21', orders: 0, refunds: { count: 1, amount: 800, byReason: [{ reason: 'burnt', count: 1, amount: 800 }] } });
    expect(changeRows(t, 'z_report')).toEqual([expect.objectContaining({ id: z.id, number: 1, businessDay: '2026-11-20', totals: z.totals })]);
  });

  it('a void after the Z lands on the next day with its reason and staff in the synced row', async () => {
    const { t, b, api } = await restaurant();
    await api.z();
    const order = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }, { itemId: b.items.soda, quantity: 1 }] });
    await api.call('POST', `/orders/${order.id}/lines/${order.lines[1].id}/void`, { reason: 'changed mind' });
    expect(changeRows(t, 'line_void')).toEqual([expect.objectContaining({ businessDay: '2026-11-21', reason: 'changed mind', staffId: expect.any(String), amount: 350 })]);
  });

  it('a retried Z with the same Idempotency-Key returns the same Z', async () => {
    const { t, api } = await restaurant();
    const [one, again] = await Promise.all([api.z('z-close-night-1'), api.z('z-close-night-1')]);
    expect(again).toEqual(one);
    expect(await api.z('z-close-night-1')).toEqual(one);
    expect(changeRows(t, 'z_report')).toHaveLength(1);
  });
});

describe('a second Z never closes a day that has not started', () => {
  /** 04:00 in Paris on the 21st, when business day 2026-11-21 begins. */
  const NEXT_DAY_STARTS = Date.UTC(2026, 10, 21, 3, 0);

  it('a second Z with a new key after tonight\'s is refused, saying which day is closed and when the next can be; nothing is written and the next order is tomorrow\'s', async () => {
    const { t, b, clock, api } = await restaurant();
    const sale = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(sale.id, { method: 'card' });
    expect(await api.z('z-tonight-tablet-a')).toMatchObject({ number: 1, businessDay: '2026-11-20' });
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });

    clock.advance(60_000);
    const second = await t.api('POST', '/reports/z', { token: api.token, headers: { 'idempotency-key': 'z-tonight-tablet-b' } });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'DAY_NOT_STARTED', details: { closedDay: '2026-11-20', zNumber: 1, businessDay: '2026-11-21', closableFrom: NEXT_DAY_STARTS } });
    expect(second.body.error.message).toBe('Business day 2026-11-20 is already closed (Z #1). The next one, 2026-11-21, has not started: it can be closed from 04:00 on 2026-11-21.');
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);

    const next = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });
    expect(next).toMatchObject({ businessDay: '2026-11-21', number: 1 });
    await api.pay(next.id, { method: 'cash' });
    clock.set(NEXT_DAY_STARTS - 60_000); // 03:59: still the night of the 20th by the clock
    expect((await t.api('POST', '/reports/z', { token: api.token, headers: { 'idempotency-key': 'z-too-early' } })).body.error.code).toBe('DAY_NOT_STARTED');
    clock.set(NEXT_DAY_STARTS + 10 * HOUR); // 14:00 on the 21st (a sign-in lasts 16 hours)
    expect(await api.z()).toMatchObject({ number: 2, businessDay: '2026-11-21', totals: { orders: 1, total: 880 } });
    expect((await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] })).businessDay).toBe('2026-11-22');
  });

  it('two tablets closing the day at the same moment, each with its own key, make one Z', async () => {
    const { t, r, b, api } = await restaurant();
    const manager = await r.signInAs('manager');
    const sale = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(sale.id, { method: 'card' });

    const answers = await Promise.all([
      t.api('POST', '/reports/z', { token: api.token, headers: { 'idempotency-key': 'z-tablet-one' } }),
      t.api('POST', '/reports/z', { token: manager.token, headers: { 'idempotency-key': 'z-tablet-two' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const closed = answers.find((a) => a.status === 201)!.body;
    expect(closed).toMatchObject({ number: 1, businessDay: '2026-11-20', totals: { orders: 1, total: 369 } });
    expect(answers.find((a) => a.status === 409)!.body.error).toMatchObject({ code: 'DAY_NOT_STARTED', details: { closedDay: '2026-11-20', zNumber: 1 } });
    expect(changeRows(t, 'z_report')).toEqual([expect.objectContaining({ id: closed.id, number: 1, businessDay: '2026-11-20' })]);
    expect((await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] })).businessDay).toBe('2026-11-21');
  });

  it('a Z forgotten last night and taken from two tablets the next morning closes last night once, and leaves the new day open', async () => {
    const { t, r, b, clock, api } = await restaurant();
    const manager = await r.signInAs('manager');
    const lastNight = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(lastNight.id, { method: 'card' });
    clock.advance(11 * HOUR + 30 * 60_000); // 10:00 on the 21st, nothing sold yet today

    const answers = await Promise.all([
      t.api('POST', '/reports/z', { token: api.token, headers: { 'idempotency-key': 'z-morning-one' } }),
      t.api('POST', '/reports/z', { token: manager.token, headers: { 'idempotency-key': 'z-morning-two' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 201)!.body).toMatchObject({ number: 1, businessDay: '2026-11-20', totals: { orders: 1 } });
    const refused = answers.find((a) => a.status === 409)!.body.error;
    expect(refused).toMatchObject({ code: 'DAY_NOT_STARTED', details: { closedDay: '2026-11-20', businessDay: '2026-11-21', closableFrom: null } });
    expect(refused.message).toContain('2026-11-21 has no orders, payments, refunds or voids yet');
    expect(changeRows(t, 'z_report')).toHaveLength(1);

    const today = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });
    expect(today.businessDay).toBe('2026-11-21');
    await api.pay(today.id, { method: 'cash' });
    expect(await api.z()).toMatchObject({ number: 2, businessDay: '2026-11-21', totals: { orders: 1, total: 880 } });
  });
});

describe('report requests a person can get wrong', () => {
  it('answers an unknown Z number with 404, a bad one with 400, a missing key with 400, and a waiter with 403', async () => {
    const { t, r, api } = await restaurant();
    const waiter = await r.signInAs('waiter');
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const unknown = await t.api('GET', '/reports/z/7', { token: api.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'There is no Z report #7.' });
    expect((await t.api('POST', '/reports/z/7/print', { token: api.token })).body.error.code).toBe('NOT_FOUND');
    for (const bad of ['/reports/z/abc', '/reports/z/0', '/reports/z/1.5', '/reports/z?from=yesterday', '/reports/z?limit=0']) {
      const res = await t.api('GET', bad, { token: api.token });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('VALIDATION_FAILED');
    }
    const noKey = await t.api('POST', '/reports/z', { token: api.token });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    for (const [method, path] of [['GET', '/reports/x'], ['POST', '/reports/z'], ['GET', '/reports/z'], ['POST', '/reports/x/print']] as const) {
      const res = await t.api(method, path, { token: waiter.token, headers: { 'idempotency-key': 'waiter-z-try' } });
      expect(res.status, path).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: expect.stringMatching(/^reports\./) } });
    }
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });
});
