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
    expect(changeRows(t, 'line_void')).toEqual([expect.objectContaining({ businessDay: '2026-11-21', reason: 'changed mind', staffId: expect.any(String), amount: 369 })]);
  });

  it('a retried Z with the same Idempotency-Key returns the same Z; a new key closes the next day', async () => {
    const { t, api } = await restaurant();
    const [one, again] = await Promise.all([api.z('z-close-night-1'), api.z('z-close-night-1')]);
    expect(again).toEqual(one);
    expect(await api.z('z-close-night-1')).toEqual(one);
    expect(changeRows(t, 'z_report')).toHaveLength(1);
    expect(await api.z('z-close-night-2')).toMatchObject({ number: 2, businessDay: '2026-11-21' });
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
