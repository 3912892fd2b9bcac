import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { receiveAll, seedPantry, stockApi } from './helpers/stock.js';
import { asReader } from './helpers/reports.js';
import type { Queryable } from '../cloud/db.js';
import type { ZCloseResultT } from '../src/reports/schemas.js';
import {
  adjustmentsReport, bucketSeconds, dashboardReport, heatmapReport, histogramPercentile, itemsReport, kitchenReport, lowStockNow, paymentsReport,
  refreshReportRollups, salesReport, stockReport, type DashboardReport, type ReportQuery,
} from '../cloud/reports/index.js';

/** A clock the test moves: every box write is stamped by it. */
const clockAt = (iso: string) => {
  const clock = { t: Date.parse(iso), now: () => clock.t, advance: (minutes: number) => { clock.t += minutes * 60_000; } };
  return clock;
};

interface Site {
  t: TestBox;
  r: Restaurant;
  b: Bistro;
  clock: ReturnType<typeof clockAt>;
  client: Database;
  locationId: string;
  sync(): Promise<void>;
  waiter: { token: string };
  manager: { token: string; staffId: string };
  /** Ids of the orders the test created that ended up completed. */
  completed: string[];
}

let cloud: TestCloud;
let paris: Site;
let newYork: Site;

async function openSite(name: string, startIso: string, setup: Record<string, unknown>): Promise<Site> {
  const clock = clockAt(startIso);
  const t = await startTestBox({ clock });
  const r = await setUpRestaurant(t, setup);
  const b = await seedBistro(r);
  const place = await cloud.place(name);
  const sync = t.box.services.sync;
  sync.configure(cloud.url, place.credential);
  return {
    t, r, b, clock, client: t.box.deps.db.$client, locationId: place.locationId,
    async sync() { await sync.syncNow(); expect(sync.status().queueDepth).toBe(0); },
    waiter: await r.signInAs('waiter'), manager: await r.signInAs('manager', '7777'), completed: [],
  };
}

async function ok(site: Site, method: string, path: string, body: unknown, token = site.waiter.token, headers?: Record<string, string>) {
  const res = await site.t.api(method, path, { token, body, headers });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const pay = (s: Site, orderId: string, body: unknown) => ok(s, 'POST', `/orders/${orderId}/payments`, body, s.waiter.token, { 'idempotency-key': `k-${newId()}` });

/** Bumps every open ticket of the kitchen after `minutes`. */
async function bumpAll(s: Site, minutes: number) {
  s.clock.advance(minutes);
  const open = await ok(s, 'GET', '/kitchen/tickets', undefined, s.r.ownerToken);
  for (const ticket of open) await ok(s, 'POST', `/kitchen/tickets/${ticket.id}/bump`, {}, s.r.ownerToken);
}

/**
 * A service: a table of three with a line discount, an order discount, a voided fired line and a
 * split payment with a tip; a takeaway paid by card then partly refunded; a canceled order; and a
 * late drink after midnight that still belongs to the same business day.
 */
async function serve(s: Site) {
  const table = await ok(s, 'POST', '/orders', { id: newId(), type: 'dine_in', tableId: s.b.tables.t4, guestCount: 3, lines: [
    burgerLine(s.b, { seat: 1 }), { itemId: s.b.items.steak, quantity: 1, optionIds: [s.b.options.rare, s.b.options.fries], seat: 2 },
    { itemId: s.b.items.soda, quantity: 3, seat: 3 }, { itemId: s.b.items.tart, quantity: 1, seat: 3 }] });
  await ok(s, 'POST', `/orders/${table.id}/discount`, { lineId: table.lines[3].id, kind: 'percent', value: 1000, reason: 'birthday' });
  await ok(s, 'POST', `/orders/${table.id}/discount`, { kind: 'percent', value: 1500, reason: 'regulars' }, s.manager.token);
  await ok(s, 'POST', `/orders/${table.id}/fire`, {});
  await bumpAll(s, 7);
  await ok(s, 'POST', `/orders/${table.id}/lines/${table.lines[1].id}/void`, { reason: 'wrong item' }, s.manager.token);
  s.clock.advance(30);
  await pay(s, table.id, { method: 'card', amount: 2000, tip: 150 });
  const rest = await ok(s, 'GET', `/orders/${table.id}`, undefined);
  await pay(s, table.id, { method: 'cash', amount: rest.totals.balance, tip: 0 });
  s.completed.push(table.id);

  const takeaway = await ok(s, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [burgerLine(s.b, { quantity: 2 })] });
  await ok(s, 'POST', `/orders/${takeaway.id}/fire`, {});
  await bumpAll(s, 13);
  const paid = await pay(s, takeaway.id, { method: 'card' });
  await ok(s, 'POST', `/payments/${paid.payment.id}/refunds`, { amount: 500, reason: 'cold fries' }, s.manager.token, { 'idempotency-key': `k-${newId()}` });
  s.completed.push(takeaway.id);

  const canceled = await ok(s, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: s.b.items.tart, quantity: 4 }] });
  await ok(s, 'POST', `/orders/${canceled.id}/cancel`, { reason: 'guest left' });
}

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  // Paris: business day 2026-03-10 from 04:00 local; New York: inclusive tax, service charge, day from 05:00.
  paris = await openSite('Paris', '2026-03-10T11:00:00Z', { timeZone: 'Europe/Paris', dayStartHour: 4 });
  newYork = await openSite('New York', '2026-03-10T16:00:00Z', { timeZone: 'America/New_York', dayStartHour: 5, taxMode: 'inclusive', serviceChargeBp: 1000 });
  for (const s of [paris, newYork]) await serve(s);
  // Paris, the previous day: one takeaway. Then a drink at 01:30 local on the 11th (still the 10th's business day).
  paris.clock.t = Date.parse('2026-03-09T12:00:00Z');
  const yesterday = await ok(paris, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: paris.b.items.tart, quantity: 2 }] });
  await pay(paris, yesterday.id, { method: 'upi', tip: 20 });
  paris.clock.t = Date.parse('2026-03-11T00:30:00Z');
  const late = await ok(paris, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: paris.b.items.soda, quantity: 2 }] });
  await pay(paris, late.id, { method: 'cash' });
  paris.completed.push(late.id);
  for (const s of [paris, newYork]) await s.sync();
}, 120_000);

afterAll(async () => {
  for (const s of [paris, newYork]) await s?.t.close();
  await cloud?.close();
});

const day = (locationIds: string[], from = '2026-03-10', to = from): ReportQuery => ({ locationIds, from, to });

/** The box's own sums for completed orders and for payments of its orders on `businessDay`. */
function boxFigures(client: Database, businessDay: string) {
  const o = client.prepare(`select count(*) as orders, coalesce(sum(guest_count), 0) as covers, coalesce(sum(subtotal), 0) as gross, coalesce(sum(discount_total), 0) as discounts,
    coalesce(sum(service_charge), 0) as serviceCharge, coalesce(sum(tax_total), 0) as tax, coalesce(sum(total), 0) as total
    from orders where status = 'completed' and business_day = ?`).get(businessDay) as { orders: number; covers: number; gross: number; discounts: number; serviceCharge: number; tax: number; total: number };
  const tips = (client.prepare('select coalesce(sum(p.tip), 0) as tips from payments p join orders o on o.id = p.order_id where o.business_day = ?').get(businessDay) as { tips: number }).tips;
  return { ...o, net: o.gross - o.discounts, tips, averageCheck: o.orders ? Math.floor((2 * (o.gross - o.discounts) + o.orders) / (2 * o.orders)) : null };
}

describe('cloud reports on rows synced from real boxes', () => {
  it('sales figures of each location equal the box\'s own sums to the cent, and the total adds them up', async () => {
    const report = await asReader(cloud.db, [paris.locationId, newYork.locationId], (q) => salesReport(q, day([paris.locationId, newYork.locationId])));
    const expectedParis = boxFigures(paris.client, '2026-03-10');
    const expectedNy = boxFigures(newYork.client, '2026-03-10');
    expect(expectedParis.orders).toBe(3); // the table, the takeaway and the late drink; never the canceled order
    expect(expectedParis.discounts).toBeGreaterThan(0);
    expect(report.byLocation[0]).toMatchObject({ locationId: paris.locationId, currency: 'EUR', current: expectedParis });
    expect(report.byLocation[1]).toMatchObject({ locationId: newYork.locationId, current: expectedNy });
    const sum = (k: keyof typeof expectedParis) => (expectedParis[k] as number) + (expectedNy[k] as number);
    expect(report.total).toMatchObject({ currency: 'EUR', current: { orders: sum('orders'), gross: sum('gross'), net: sum('net'), tax: sum('tax'), serviceCharge: sum('serviceCharge'), total: sum('total'), tips: sum('tips') } });
  });

  it('compares with the previous period of the same length', async () => {
    const report = await asReader(cloud.db, [paris.locationId], (q) => salesReport(q, day([paris.locationId])));
    expect(report.periods).toEqual({ current: { from: '2026-03-10', to: '2026-03-10' }, previous: { from: '2026-03-09', to: '2026-03-09' } });
    expect(report.byLocation[0]!.previous).toMatchObject({ ...boxFigures(paris.client, '2026-03-09'), orders: 1, gross: 1600, tips: 20 });
    const week = await asReader(cloud.db, [paris.locationId], (q) => salesReport(q, day([paris.locationId], '2026-03-10', '2026-03-16')));
    expect(week.periods.previous).toEqual({ from: '2026-03-03', to: '2026-03-09' });
    expect(week.byLocation[0]!.previous.orders).toBe(1);
  });

  it('payments by method, refunds and voids by staff and reason match the box ledgers', async () => {
    const q = day([paris.locationId]);
    const [payments, adjustments] = await asReader(cloud.db, [paris.locationId], async (tx) => [await paymentsReport(tx, q), await adjustmentsReport(tx, q)] as const);
    const boxMethods = paris.client.prepare(`select p.method, count(*) as payments, sum(p.amount) as amount, sum(p.tip) as tips from payments p join orders o on o.id = p.order_id
      where o.business_day = '2026-03-10' group by p.method`).all() as Array<{ method: string; payments: number; amount: number; tips: number }>;
    expect(payments.byLocation[0]!.methods.filter((m) => m.current.payments > 0).map((m) => ({ method: m.method, ...m.current })).sort((a, b) => a.method.localeCompare(b.method))).toEqual(boxMethods.sort((a, b) => a.method.localeCompare(b.method)));
    const managerName = (paris.client.prepare('select name from staff where id = ?').get(paris.manager.staffId) as { name: string }).name;
    expect(adjustments.byLocation[0]!.refunds).toEqual([{ staffId: paris.manager.staffId, staffName: managerName, reason: 'cold fries', current: { count: 1, amount: 500 }, previous: { count: 0, amount: 0 } }]);
    const voided = paris.client.prepare('select amount from line_voids').get() as { amount: number };
    expect(adjustments.byLocation[0]!.voids).toEqual([{ staffId: paris.manager.staffId, staffName: managerName, reason: 'wrong item', current: { count: 1, amount: voided.amount }, previous: { count: 0, amount: 0 } }]);
  });

  it('items and categories carry the box\'s line nets (order discounts shared as the box shares them), voided lines left out', async () => {
    const report = await asReader(cloud.db, [paris.locationId], (q) => itemsReport(q, day([paris.locationId])));
    const expected = new Map<string, { quantity: number; net: number }>();
    for (const id of paris.completed) {
      const order = await ok(paris, 'GET', `/orders/${id}`, undefined);
      for (const line of order.lines.filter((l: { state: string }) => l.state !== 'voided')) {
        const e = expected.get(line.name) ?? { quantity: 0, net: 0 };
        e.quantity += line.quantity;
        e.net += line.amounts.net;
        expected.set(line.name, e);
      }
    }
    const got = new Map(report.byLocation[0]!.items.topByNet.map((i) => [i.name, i.current]));
    expect(got).toEqual(expected);
    expect(got.has('Steak frites')).toBe(false);
    const sales = await asReader(cloud.db, [paris.locationId], (q) => salesReport(q, day([paris.locationId])));
    expect([...got.values()].reduce((s, i) => s + i.net, 0)).toBe(sales.byLocation[0]!.current.net);
    expect(report.byLocation[0]!.items.topByQuantity[0]).toMatchObject({ name: 'Soda', category: 'Drinks', current: { quantity: 5 } });
    expect(report.byLocation[0]!.categories.topByNet.map((c) => c.category)).toEqual(['Mains', 'Drinks', 'Desserts']);
  });

  it('the heatmap puts each order in its own location\'s local weekday and hour', async () => {
    const ids = [paris.locationId, newYork.locationId];
    const report = await asReader(cloud.db, ids, (q) => heatmapReport(q, day(ids)));
    const local = (client: Database, timeZone: string) => {
      const rows = client.prepare("select created_at as at from orders where status = 'completed' and business_day = '2026-03-10'").all() as Array<{ at: number }>;
      const cells = new Map<string, number>();
      for (const { at } of rows) {
        const f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
        const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(f.find((p) => p.type === 'weekday')!.value) + 1;
        const key = `${weekday}@${Number(f.find((p) => p.type === 'hour')!.value)}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
      return cells;
    };
    const cellsOf = (i: number) => new Map(report.byLocation[i]!.current.map((c) => [`${c.weekday}@${c.hour}`, c.orders]));
    expect(cellsOf(0)).toEqual(local(paris.client, 'Europe/Paris'));
    expect(cellsOf(1)).toEqual(local(newYork.client, 'America/New_York'));
    // The Paris drink at 00:30 UTC on the 11th is Wednesday 01:00 in Paris, on Tuesday's business day.
    expect(cellsOf(0).get('3@1')).toBe(1);
    // New York's service started at 16:00 UTC: noon on a Tuesday there, not 16:00.
    expect(cellsOf(1).get('2@12')).toBeGreaterThanOrEqual(1);
  });

  it('kitchen times per station are the box\'s fire → bump percentiles, to the histogram\'s bucket', async () => {
    const report = await asReader(cloud.db, [paris.locationId], (q) => kitchenReport(q, day([paris.locationId])));
    const tickets = paris.client.prepare("select station, bumped_at - fired_at as ms from kitchen_tickets where bumped_at is not null and kind != 'void' order by ms").all() as Array<{ station: string; ms: number }>;
    const stations = [...new Set(tickets.map((t) => t.station))].sort();
    expect(report.byLocation[0]!.stations.map((s) => s.station)).toEqual(stations);
    for (const station of stations) {
      const ms = tickets.filter((t) => t.station === station).map((t) => t.ms);
      const exact = (p: number) => ms[Math.max(1, Math.ceil(p * ms.length)) - 1]!;
      expect(report.byLocation[0]!.stations.find((s) => s.station === station)!.current).toEqual({ tickets: ms.length, p50Seconds: bucketSeconds(exact(0.5)), p90Seconds: bucketSeconds(exact(0.9)) });
    }
    expect(histogramPercentile([[10, 1], [20, 1], [30, 2]], 0.5)).toBe(20);
  });

  it('the dashboard built from the rollups (days, ISO weeks, months) equals the one computed from the synced rows', async () => {
    const ids = [paris.locationId, newYork.locationId];
    const queries = [day(ids), day(ids, '2026-03-04', '2026-03-10'), day(ids, '2026-03-09', '2026-03-15'), day(ids, '2026-03-01', '2026-03-31'), day(ids, '2026-03-10', '2026-03-11')];
    const all = (q: Queryable) => queries.reduce(async (acc, x) => [...await acc, await dashboardReport(q, x)], Promise.resolve([] as DashboardReport[]));
    const live = await asReader(cloud.db, ids, all);
    const dirty = await cloud.db.query('SELECT count(*)::int AS n FROM report_dirty_days WHERE location_id = ANY ($1::text[])', [ids]);
    expect(dirty.rows[0]!.n).toBeGreaterThan(0);
    const refreshed = await refreshReportRollups(cloud.db, ids);
    expect(refreshed.map((r) => r.days)).toEqual([...refreshed].map(() => expect.any(Number)));
    expect((await cloud.db.query('SELECT count(*)::int AS n FROM report_dirty_days WHERE location_id = ANY ($1::text[])', [ids])).rows[0]).toEqual({ n: 0 });
    const rolled = await asReader(cloud.db, ids, all);
    expect(rolled).toEqual(live);
    expect(live[1]!.sales.total!.current.orders).toBe(live[0]!.sales.total!.current.orders + 1);
  });

  it('a reader of one location sees nothing of another, rollups included', async () => {
    await refreshReportRollups(cloud.db, [paris.locationId, newYork.locationId]);
    const report = await asReader(cloud.db, [paris.locationId], (q) => dashboardReport(q, day([paris.locationId, newYork.locationId])));
    const ny = report.sales.byLocation.find((l) => l.locationId === newYork.locationId)!;
    expect(ny).toMatchObject({ currency: null, current: { orders: 0, gross: 0, total: 0, tips: 0 } });
    expect(report.freshness.find((f) => f.locationId === newYork.locationId)).toMatchObject({ name: null, lastSyncAt: null });
    expect(report.freshness.find((f) => f.locationId === paris.locationId)!.lastSyncAt).not.toBeNull();
    expect(report.payments.byLocation[1]!.methods).toEqual([]);
    const seen = await asReader(cloud.db, [paris.locationId], async (q) => (await q.query<{ location_id: string }>(
      `SELECT DISTINCT location_id FROM report_sales_day UNION SELECT DISTINCT location_id FROM report_items_day UNION SELECT DISTINCT location_id FROM orders`)).rows);
    expect(seen).toEqual([{ location_id: paris.locationId }]);
    const nothing = await asReader(cloud.db, [], (q) => salesReport(q, day([newYork.locationId])));
    expect(nothing.byLocation[0]!.current.orders).toBe(0);
  });
});

describe('reconciliation with the box', () => {
  it('every figure of the box\'s Z reports for the closed days equals the cloud\'s, to the cent', async () => {
    const closed: ZCloseResultT[] = [];
    while (!closed.some((z) => z.businessDay === '2026-03-10')) {
      closed.push(await ok(paris, 'POST', '/reports/z', {}, paris.manager.token, { 'idempotency-key': `k-${newId()}` }));
      expect(closed.length).toBeLessThan(4);
    }
    await paris.sync();
    for (const z of closed) {
      const q = day([paris.locationId], z.businessDay);
      const [sales, payments, adjustments] = await asReader(cloud.db, [paris.locationId], async (tx) =>
        [await salesReport(tx, q), await paymentsReport(tx, q), await adjustmentsReport(tx, q)] as const);
      const t = z.totals;
      expect(sales.byLocation[0]!.current).toMatchObject({ orders: t.orders, covers: t.covers, gross: t.gross, discounts: t.discounts, net: t.net,
        serviceCharge: t.serviceCharge, tax: t.tax, total: t.total, tips: t.tips });
      const byMethod = (list: Array<{ method: string; count: number; amount: number }>) => [...list].sort((a, b) => a.method.localeCompare(b.method));
      expect(byMethod(payments.byLocation[0]!.methods.filter((m) => m.current.payments > 0).map((m) => ({ method: m.method, count: m.current.payments, amount: m.current.amount }))))
        .toEqual(byMethod(t.payments.filter((m) => m.count > 0)));
      const sum = (rows: Array<{ current: { count: number; amount: number } }>) => rows.reduce((a, r) => ({ count: a.count + r.current.count, amount: a.amount + r.current.amount }), { count: 0, amount: 0 });
      expect(sum(adjustments.byLocation[0]!.refunds)).toEqual({ count: t.refunds.count, amount: t.refunds.amount });
      expect(sum(adjustments.byLocation[0]!.voids)).toEqual({ count: t.voids.count, amount: t.voids.amount });
    }
    expect(closed.at(-1)!.totals.orders).toBe(3);
    const synced = await cloud.db.query<{ number: number }>('SELECT number FROM z_reports WHERE location_id = $1 ORDER BY number', [paris.locationId]);
    expect(synced.rows).toEqual(closed.map((z) => ({ number: z.number })));
  });
});

describe('rollup freshness', () => {
  it('a payment that arrives late for an already rolled-up day changes that day on the next read, before and after the refresh', async () => {
    const s = await openSite('Late', '2026-03-05T12:00:00Z', { timeZone: 'Europe/Paris', dayStartHour: 4 });
    try {
      const order = await ok(s, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: s.b.items.tart, quantity: 3 }] });
      await pay(s, order.id, { method: 'card', amount: 1000 });
      await s.sync();
      expect(await refreshReportRollups(cloud.db, [s.locationId])).toEqual([{ locationId: s.locationId, days: 1 }]);
      const q = day([s.locationId], '2026-03-05');
      const before = await asReader(cloud.db, [s.locationId], (tx) => paymentsReport(tx, q));
      expect(before.byLocation[0]!.methods).toMatchObject([{ method: 'card', current: { payments: 1, amount: 1000 } }]);
      const rolled = await cloud.db.query('SELECT business_day FROM report_payments_day WHERE location_id = $1 ORDER BY business_day', [s.locationId]);
      expect(rolled.rows).toEqual([{ business_day: '2026-03' }, { business_day: '2026-03-05' }, { business_day: 'W2026-03-02' }]); // the day, its month, its week
      const march = day([s.locationId], '2026-03-01', '2026-03-31');

      // The box was offline: the rest of the bill, paid the same evening, reaches the cloud later.
      s.clock.advance(60);
      const { totals } = await ok(s, 'GET', `/orders/${order.id}`, undefined);
      await pay(s, order.id, { method: 'cash', amount: totals.balance, tip: 100 });
      await s.sync();
      const live = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, q));
      expect(live.payments.byLocation[0]!.methods.map((m) => [m.method, m.current.amount])).toEqual([['cash', totals.balance], ['card', 1000]]);
      expect(live.sales.byLocation[0]!.current).toMatchObject({ orders: 1, gross: 2400, total: 1000 + totals.balance, tips: 100 });
      // A whole month is read from its month row, unless one of its days is dirty, as here.
      const liveMarch = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, march));
      expect(liveMarch.sales.byLocation[0]!.current).toEqual(live.sales.byLocation[0]!.current);
      expect(liveMarch.payments.byLocation[0]!.methods.map((m) => m.current)).toEqual(live.payments.byLocation[0]!.methods.map((m) => m.current));
      const week = day([s.locationId], '2026-03-02', '2026-03-08');
      const liveWeek = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, week));
      expect(liveWeek.sales.byLocation[0]!.current).toEqual(live.sales.byLocation[0]!.current);

      expect(await refreshReportRollups(cloud.db, [s.locationId])).toEqual([{ locationId: s.locationId, days: 1 }]);
      expect(await refreshReportRollups(cloud.db, [s.locationId])).toEqual([{ locationId: s.locationId, days: 0 }]);
      const after = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, q));
      expect(after.payments).toEqual(live.payments);
      expect(after.sales).toEqual(live.sales);
      expect(after.items).toEqual(live.items);
      const afterMarch = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, march));
      expect({ ...afterMarch, freshness: [] }).toEqual({ ...liveMarch, freshness: [] });
      const afterWeek = await asReader(cloud.db, [s.locationId], (tx) => dashboardReport(tx, week));
      expect({ ...afterWeek, freshness: [] }).toEqual({ ...liveWeek, freshness: [] });
    } finally {
      await s.t.close();
    }
  });
});

describe('stock in the reports', () => {
  it('usage, waste and count variance per ingredient equal the box ledger; open low-stock alerts show now', async () => {
    const s = await openSite('Stock', '2026-03-05T12:00:00Z', { timeZone: 'Europe/Paris', dayStartHour: 4 });
    try {
      const p = await seedPantry(s.r, s.b);
      await receiveAll(s.r, [[p.beef, 0.2, 'kg'], [p.bun, 10, 'piece'], [p.onion, 1, 'kg'], [p.mayo, 1, 'kg'], [p.ketchup, 1, 'kg'], [p.cheddar, 1, 'kg'], [p.bacon, 1, 'kg'], [p.potato, 2, 'kg'], [p.cola, 2, 'l']]);
      await stockApi(s.r, 'PATCH', `/stock/ingredients/${p.beef}`, { lowThreshold: 0.1 });
      const order = await ok(s, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [burgerLine(s.b), { itemId: s.b.items.soda, quantity: 2 }] });
      await ok(s, 'POST', `/orders/${order.id}/fire`, {});
      await stockApi(s.r, 'POST', '/stock/waste', { ingredientId: p.bun, quantity: 2, unit: 'piece', reason: 'dropped' });
      await s.sync();
      const q = day([s.locationId], '2026-03-05');
      const [stock, low] = await asReader(cloud.db, [s.locationId], async (tx) => [await stockReport(tx, q), await lowStockNow(tx, [s.locationId])] as const);
      const box = s.client.prepare(`select i.name, -sum(case when m.kind in ('usage', 'return') then m.quantity else 0 end) as used,
        -sum(case when m.kind = 'waste' then m.quantity else 0 end) as wasted from stock_movements m join ingredients i on i.id = m.ingredient_id
        where m.kind in ('usage', 'return', 'waste', 'count') group by i.name`).all() as Array<{ name: string; used: number; wasted: number }>;
      const got = stock.byLocation[0]!.ingredients.map((i) => ({ name: i.name, used: i.current.used, wasted: i.current.wasted }));
      expect(got.sort((a, b) => a.name.localeCompare(b.name))).toEqual(box.sort((a, b) => a.name.localeCompare(b.name)));
      expect(stock.byLocation[0]!.ingredients.find((i) => i.name === 'Beef mince')!.current).toMatchObject({ used: 180_000, usedCost: 216 });
      expect(low).toMatchObject([{ locationId: s.locationId, ingredientId: p.beef, name: 'Beef mince', kind: 'low' }]);
    } finally {
      await s.t.close();
    }
  });
});
