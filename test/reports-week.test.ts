import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWeek, type GeneratedWeek } from '../scripts/reports/generate-week.js';

/**
 * The week generator (scripts/reports/generate-week.ts) drives real boxes; here a short week is
 * checked against the boxes' own rows, read straight from SQLite, so the reconciliation against
 * the cloud starts from Z reports that are right.
 */
let week: GeneratedWeek;
beforeAll(async () => { week = await generateWeek({ days: 3, ordersPerDay: 9, seed: 11 }); }, 120_000);
afterAll(async () => { await week?.stop(); });

describe('a generated week of service', () => {
  it('takes one Z a night at each location, numbered from 1 on consecutive business days', () => {
    expect(week.locations.map((l) => [l.spec.timeZone, l.spec.taxMode])).toEqual([
      ['Europe/Paris', 'inclusive'], ['Europe/Paris', 'exclusive'], ['America/New_York', 'exclusive']]);
    for (const l of week.locations) {
      expect(l.zReports.map((z) => [z.number, z.businessDay])).toEqual([[1, '2026-10-26'], [2, '2026-10-27'], [3, '2026-10-28']]);
    }
    const all = week.locations.map((l) => l.counts);
    expect(all.reduce((s, c) => s + c.voids, 0)).toBeGreaterThan(0);
    expect(all.reduce((s, c) => s + c.refunds, 0)).toBeGreaterThan(0);
  });

  it('each Z equals the completed orders of its day and the payments, refunds and voids written on it, to the cent', () => {
    for (const l of week.locations) {
      const db = l.box.deps.db.$client;
      for (const z of l.zReports) {
        const sales = db.prepare(`select count(*) as orders, coalesce(sum(guest_count), 0) as covers, coalesce(sum(subtotal), 0) as gross, coalesce(sum(discount_total), 0) as discounts,
          coalesce(sum(service_charge), 0) as serviceCharge, coalesce(sum(tax_total), 0) as tax, coalesce(sum(total), 0) as total
          from orders where business_day = ? and status = 'completed'`).get(z.businessDay);
        expect(z.totals, `${l.spec.name} ${z.businessDay}`).toMatchObject(sales as object);
        const paid = db.prepare('select method, count(*) as count, sum(amount) as amount from payments where business_day = ? group by method order by method').all(z.businessDay);
        expect(z.totals.payments).toEqual(paid);
        const sum = (table: string) => db.prepare(`select count(*) as count, coalesce(sum(amount), 0) as amount from ${table} where business_day = ?`).get(z.businessDay);
        expect({ count: z.totals.refunds.count, amount: z.totals.refunds.amount }).toEqual(sum('refunds'));
        expect({ count: z.totals.voids.count, amount: z.totals.voids.amount }).toEqual(sum('line_voids'));
        expect(z.totals.taxes.reduce((s, t) => s + t.tax, 0)).toBe(z.totals.tax);
      }
    }
  });

  it('orders sold after a Z, before the clock reaches the next day, belong to the next business day', () => {
    const early = week.locations.flatMap((l) => l.zReports.flatMap((z) =>
      (l.box.deps.db.$client.prepare('select business_day as day from orders where created_at > ? and created_at < ?').all(z.closedAt, z.closedAt + 3_600_000) as Array<{ day: string }>)
        .map((o) => ({ zDay: z.businessDay, orderDay: o.day }))));
    expect(early.length).toBeGreaterThan(0);
    for (const o of early) expect(o.orderDay > o.zDay, JSON.stringify(o)).toBe(true);
  });
});
