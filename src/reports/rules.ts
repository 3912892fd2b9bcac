import type { CarriedOrder } from './carry-over.js';
/**
 * The figures of a business day, pure (issue 7). The same definitions are computed by the cloud
 * (cloud/reports/), so the box's Z and the owners' dashboard agree to the cent:
 * - sales belong to the order's business day and count only completed orders (canceled and merged
 *   orders never count): orders, covers, gross (subtotal), discounts, net, service charge, tax, total,
 *   and tax by rate, recomputed per order by the one totals function;
 * - payments, tips, refunds and line voids belong to their own business day.
 */
import { computeTotals, type DiscountSpec, type TaxMode } from '../orders/totals.js';

/** A completed (or other) order of the day with its lines, as stored. */
export interface FigureOrder {
  status: string;
  guestCount: number;
  subtotal: number;
  discountTotal: number;
  serviceCharge: number;
  taxTotal: number;
  total: number;
  discount: DiscountSpec | null;
  serviceChargeBp: number;
  taxMode: TaxMode;
  lines: ReadonlyArray<{ id: string; unitPrice: number; optionsPrice: number; quantity: number; taxRateBp: number; discount: DiscountSpec | null; state: string }>;
  /** Where the sale came from (salesSourceOf): dine_in, takeaway, delivery, qr, or the platform's name. */
  salesSource?: string;
  /** A platform order's delivery fee and commission (issue 21): reported apart, never sales. */
  deliveryFee?: number;
  commission?: number;
}

/** Sales by where they came from (issue 21): a platform's commission and delivery fee are beside its sales, not in them. */
export interface SourceFigures { source: string; orders: number; total: number; deliveryFee: number; commission: number }

/**
 * The source an order's sale is reported under: the delivery platform when it came from one, `qr`
 * for a guest's order from the table, else its type (dine_in, takeaway, delivery by phone).
 */
export function salesSourceOf(o: { platform: string | null; source: string; type: string }): string {
  if (o.platform) return o.platform;
  if (o.source === 'guest_qr') return 'qr';
  return o.type;
}

export function salesBySource(done: readonly FigureOrder[]): SourceFigures[] {
  const groups = new Map<string, SourceFigures>();
  for (const o of done) {
    const source = o.salesSource ?? 'dine_in';
    const g = groups.get(source) ?? { source, orders: 0, total: 0, deliveryFee: 0, commission: 0 };
    g.orders += 1;
    g.total += o.total;
    g.deliveryFee += o.deliveryFee ?? 0;
    g.commission += o.commission ?? 0;
    groups.set(source, g);
  }
  return [...groups.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

export interface FigurePayment { method: string; amount: number; tip: number }
/** A refund or a line void: an amount, who did it and why. */
export interface FigureCorrection { amount: number; staffId: string; reason: string }

export interface CountAmount { count: number; amount: number }
export interface Breakdown extends CountAmount {
  byStaff: Array<{ staffId: string } & CountAmount>;
  byReason: Array<{ reason: string } & CountAmount>;
}

/** The frozen totals of a Z (and the live ones of an X). Money in minor units. */
export interface DayFigures {
  businessDay: string;
  orders: number;
  covers: number;
  gross: number;
  discounts: number;
  net: number;
  serviceCharge: number;
  tax: number;
  total: number;
  /** Tax by rate over the completed orders; the rates' taxes add up to `tax`. */
  taxes: Array<{ rateBp: number; base: number; tax: number }>;
  /** By method, sorted by method name: count of payments and sum of `amount` (tips apart). */
  payments: Array<{ method: string } & CountAmount>;
  tips: number;
  refunds: Breakdown;
  voids: Breakdown;
  /** Sales by source (issue 21); absent on Zs taken before it. Totals add up to `total`. */
  bySource?: SourceFigures[];
  /** Z only, when the automatic Z carried orders still open into the next business day (carry-over.ts). */
  carriedOver?: CarriedOrder[];
}

export interface DayInput {
  businessDay: string;
  orders: readonly FigureOrder[];
  payments: readonly FigurePayment[];
  refunds: readonly FigureCorrection[];
  voids: readonly FigureCorrection[];
}

/** Groups by a key into count and amount, sorted by key so the same day always gives the same JSON. */
function groupBy<K extends string>(rows: readonly { amount: number }[], keyOf: (i: number) => string, name: K): Array<Record<K, string> & CountAmount> {
  const groups = new Map<string, CountAmount>();
  rows.forEach((row, i) => {
    const key = keyOf(i);
    const g = groups.get(key) ?? { count: 0, amount: 0 };
    g.count += 1;
    g.amount += row.amount;
    groups.set(key, g);
  });
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => ({ [name]: key, ...g }) as Record<K, string> & CountAmount);
}

function breakdown(rows: readonly FigureCorrection[]): Breakdown {
  return {
    count: rows.length,
    amount: rows.reduce((s, r) => s + r.amount, 0),
    byStaff: groupBy(rows, (i) => rows[i]!.staffId, 'staffId'),
    byReason: groupBy(rows, (i) => rows[i]!.reason, 'reason'),
  };
}

/** Tax by rate of one order, from its lines by the same rules that made its stored totals. */
export function orderTaxByRate(order: FigureOrder): Array<{ rateBp: number; base: number; tax: number }> {
  return computeTotals({
    lines: order.lines.map((l) => ({ id: l.id, unitPrice: l.unitPrice, optionsPrice: l.optionsPrice, quantity: l.quantity, taxRateBp: l.taxRateBp, discount: l.discount, voided: l.state === 'voided' })),
    orderDiscount: order.discount,
    serviceChargeBp: order.serviceChargeBp,
    taxMode: order.taxMode,
  }).taxByRate;
}

/** The day's figures. Orders that are not completed are ignored here, whatever the caller passes. */
export function dayFigures(input: DayInput): DayFigures {
  const done = input.orders.filter((o) => o.status === 'completed');
  const sum = (pick: (o: FigureOrder) => number) => done.reduce((s, o) => s + pick(o), 0);
  const gross = sum((o) => o.subtotal);
  const discounts = sum((o) => o.discountTotal);
  const rates = new Map<number, { base: number; tax: number }>();
  for (const order of done) {
    for (const t of orderTaxByRate(order)) {
      const r = rates.get(t.rateBp) ?? { base: 0, tax: 0 };
      r.base += t.base;
      r.tax += t.tax;
      rates.set(t.rateBp, r);
    }
  }
  return {
    businessDay: input.businessDay,
    orders: done.length,
    covers: sum((o) => o.guestCount),
    gross,
    discounts,
    net: gross - discounts,
    serviceCharge: sum((o) => o.serviceCharge),
    tax: sum((o) => o.taxTotal),
    total: sum((o) => o.total),
    taxes: [...rates].sort(([a], [b]) => a - b).map(([rateBp, r]) => ({ rateBp, ...r })),
    payments: groupBy(input.payments, (i) => input.payments[i]!.method, 'method'),
    tips: input.payments.reduce((s, p) => s + p.tip, 0),
    refunds: breakdown(input.refunds),
    voids: breakdown(input.voids),
    bySource: salesBySource(done),
  };
}

/** The calendar day after `day` ('YYYY-MM-DD'). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The business day new writes belong to: the clock's, or the day after the last Z when that Z
 * closed the clock's day (or a later one) — after a Z at 23:30 the next order is tomorrow's.
 */
export function writeDay(clockDay: string, lastClosedDay: string | null): string {
  if (lastClosedDay === null || lastClosedDay < clockDay) return clockDay;
  return nextDay(lastClosedDay);
}

/** The last Z taken on the box, as the close rule needs it. */
export interface LastZ { number: number; businessDay: string; closedAt: number }

/** What decides whether a Z may close `day` now. */
export interface ZCloseState {
  /** The day the Z would close (current-day.ts dayToClose). */
  day: string;
  /** The clock's business day now. */
  clockDay: string;
  /** Whether `day` has orders (not canceled), payments, refunds or voids. */
  hasActivity: boolean;
  last: LastZ | null;
  /** When `day` begins (its day-start hour in the restaurant's time zone), and that hour. */
  dayStartsAt: number;
  dayStartHour: number;
}

export interface ZRefusal { message: string; details: { closedDay: string; zNumber: number; businessDay: string; closableFrom: number | null } }

/**
 * Why a Z may not close `state.day` now (DAY_NOT_STARTED), or null when it may. A Z never closes a
 * day that has not started: neither a day the clock has not reached (a second Z right after
 * tonight's, from a double tap or a second tablet, would close tomorrow and push every later write
 * a day ahead), nor an empty day the last Z was taken in (a Z forgotten last night and taken this
 * morning closes last night; a second one must not close this morning's empty day too).
 */
export function zRefusal(state: ZCloseState): ZRefusal | null {
  const { day, clockDay, last } = state;
  if (!last) return null;
  const hour = `${String(state.dayStartHour).padStart(2, '0')}:00`;
  const closed = `Business day ${last.businessDay} is already closed (Z #${last.number})`;
  const details = { closedDay: last.businessDay, zNumber: last.number, businessDay: day };
  if (day > clockDay) {
    return { message: `${closed}. The next one, ${day}, has not started: it can be closed from ${hour} on ${day}.`, details: { ...details, closableFrom: state.dayStartsAt } };
  }
  if (!state.hasActivity && last.closedAt >= state.dayStartsAt) {
    return {
      message: `${closed}, taken after ${day} began at ${hour}; ${day} has no orders, payments, refunds or voids yet, so there is nothing to close. It can be closed once it has one.`,
      details: { ...details, closableFrom: null },
    };
  }
  return null;
}
