/** Sales, payments by method, refunds and voids: the figures the box's Z report freezes. */
import type { Queryable } from '../db.js';
import { ADJUSTMENTS, PAYMENTS, SALES } from './fragments.js';
import { compare, type Period } from './compare.js';
import { DIRTY_DAYS, locationsOf, num, paramsOf, scoped, sourceOf } from './read.js';
import type {
  AdjustmentFigures, AdjustmentRow, AdjustmentsReport, Compared, PaymentFigures, PaymentMethodRow, PaymentsReport, ReportQuery, SalesFigures, SalesReport,
} from './types.js';

/** n ÷ d rounded half up (n ≥ 0), as the box rounds money. */
const roundHalfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

interface SalesRow {
  location_id: string; period: Period; orders: number; covers: number; gross: number; discounts: number; service_charge: number; tax: number; total: number; tips: number;
}

/** Sales figures (orders by their business day; tips by the payment's) per location and in total. */
export async function salesReport(q: Queryable, query: ReportQuery): Promise<SalesReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<SalesRow>(`WITH ${DIRTY_DAYS}
    SELECT location_id, period, sum(orders) AS orders, sum(covers) AS covers, sum(gross) AS gross, sum(discounts) AS discounts,
      sum(service_charge) AS service_charge, sum(tax) AS tax, sum(total) AS total, sum(tips) AS tips
    FROM (
      SELECT location_id, period, orders, covers, gross, discounts, service_charge, tax, total, 0 AS tips FROM ${sourceOf(SALES)} s
      UNION ALL
      SELECT location_id, period, 0, 0, 0, 0, 0, 0, 0, tips FROM ${sourceOf(PAYMENTS)} t
    ) a GROUP BY location_id, period`, p.values);
  const figures = (list: readonly SalesRow[], period: Period): SalesFigures => {
    const f = { orders: 0, covers: 0, gross: 0, discounts: 0, serviceCharge: 0, tax: 0, total: 0, tips: 0 };
    for (const r of list.filter((x) => x.period === period)) {
      f.orders += num(r.orders); f.covers += num(r.covers); f.gross += num(r.gross); f.discounts += num(r.discounts);
      f.serviceCharge += num(r.service_charge); f.tax += num(r.tax); f.total += num(r.total); f.tips += num(r.tips);
    }
    const net = f.gross - f.discounts;
    return { orders: f.orders, covers: f.covers, gross: f.gross, discounts: f.discounts, net, serviceCharge: f.serviceCharge, tax: f.tax, total: f.total, tips: f.tips,
      averageCheck: f.orders > 0 ? roundHalfUp(net, f.orders) : null };
  };
  return scoped(p.periods, locations, rows, (list) => ({ current: figures(list, 'current'), previous: figures(list, 'previous') }));
}

interface PaymentRow { location_id: string; period: Period; method: string; payments: number; amount: number; tips: number }

/** Payments by method (count, amount applied to bills, tips), by the payment's business day. */
export async function paymentsReport(q: Queryable, query: ReportQuery): Promise<PaymentsReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<PaymentRow>(`WITH ${DIRTY_DAYS}
    SELECT location_id, period, method, sum(payments) AS payments, sum(amount) AS amount, sum(tips) AS tips
    FROM ${sourceOf(PAYMENTS)} s GROUP BY location_id, period, method`, p.values);
  return scoped(p.periods, locations, rows, (list) => ({
    methods: compare<PaymentRow, PaymentFigures, { method: string }>(list, (r) => r.method, (r) => ({ method: r.method }),
      () => ({ payments: 0, amount: 0, tips: 0 }), (f, r) => { f.payments += num(r.payments); f.amount += num(r.amount); f.tips += num(r.tips); }, (f) => f.amount) satisfies PaymentMethodRow[],
  }));
}

interface AdjustmentSql { location_id: string; period: Period; kind: 'refund' | 'void'; staff_id: string; staff_name: string | null; reason: string; count: number; amount: number }

/** Refunds and line voids by staff and reason, by their own business day. */
export async function adjustmentsReport(q: Queryable, query: ReportQuery): Promise<AdjustmentsReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<AdjustmentSql>(`WITH ${DIRTY_DAYS}
    SELECT a.location_id, a.period, a.kind, a.staff_id, st.name AS staff_name, a.reason, sum(a.count) AS count, sum(a.amount) AS amount
    FROM ${sourceOf(ADJUSTMENTS)} a LEFT JOIN staff st ON st.location_id = a.location_id AND st.id = a.staff_id
    GROUP BY a.location_id, a.period, a.kind, a.staff_id, st.name, a.reason`, p.values);
  const table = (list: readonly AdjustmentSql[], kind: 'refund' | 'void'): AdjustmentRow[] =>
    compare<AdjustmentSql, AdjustmentFigures, { staffId: string; staffName: string | null; reason: string }>(list.filter((r) => r.kind === kind),
      (r) => `${r.staff_id}\u0000${r.reason}`, (r) => ({ staffId: r.staff_id, staffName: r.staff_name, reason: r.reason }),
      () => ({ count: 0, amount: 0 }), (f, r) => { f.count += num(r.count); f.amount += num(r.amount); }, (f) => f.amount);
  return scoped(p.periods, locations, rows, (list) => ({ refunds: table(list, 'refund'), voids: table(list, 'void') }));
}
