/**
 * What a day's figures are made of, read from the box's rows: the day's completed orders with
 * their lines, and the payments, refunds and voids written on that business day.
 */
import type { Db } from '../db/open.js';
import type { DiscountSpec, TaxMode } from '../orders/totals.js';
import { salesSourceOf, type DayInput, type FigureOrder } from './rules.js';

interface OrderDbRow {
  id: string; status: string; guestCount: number; subtotal: number; discountTotal: number; serviceCharge: number; taxTotal: number; total: number;
  discount: string | null; serviceChargeBp: number; taxMode: TaxMode; platform: string | null; source: string; type: string; deliveryFee: number; commission: number;
}
interface LineDbRow { id: string; orderId: string; unitPrice: number; optionsPrice: number; quantity: number; taxRateBp: number; discount: string | null; state: string }

const parseDiscount = (json: string | null): DiscountSpec | null => {
  if (!json) return null;
  const d = JSON.parse(json) as DiscountSpec | null;
  return d ? { kind: d.kind, value: d.value } : null;
};

/** Every row that counts toward business day `day` (sales of completed orders; ledgers of the day). */
export function loadDayInput(tx: Db, day: string): DayInput {
  const client = tx.$client;
  // A platform order's fee and commission come from its delivery record (issue 21); they are not sales.
  const orderRows = client.prepare(`select o.id, o.status, o.guest_count as guestCount, o.subtotal, o.discount_total as discountTotal, o.service_charge as serviceCharge,
      o.tax_total as taxTotal, o.total, o.discount, o.service_charge_bp as serviceChargeBp, o.tax_mode as taxMode, o.platform, o.source, o.type,
      coalesce(json_extract(d.totals, '$.deliveryFee'), 0) as deliveryFee, coalesce(json_extract(d.totals, '$.commission'), 0) as commission
    from orders o left join delivery_orders d on d.order_id = o.id where o.business_day = ? and o.status = 'completed'`).all(day) as OrderDbRow[];
  const lineRows = client.prepare(`select l.id, l.order_id as orderId, l.unit_price as unitPrice, l.options_price as optionsPrice, l.quantity, l.tax_rate_bp as taxRateBp,
      l.discount, l.state
    from order_lines l join orders o on o.id = l.order_id where o.business_day = ? and o.status = 'completed'`).all(day) as LineDbRow[];
  const linesByOrder = new Map<string, FigureOrder['lines'][number][]>();
  for (const l of lineRows) {
    const list = linesByOrder.get(l.orderId) ?? [];
    list.push({ id: l.id, unitPrice: l.unitPrice, optionsPrice: l.optionsPrice, quantity: l.quantity, taxRateBp: l.taxRateBp, discount: parseDiscount(l.discount), state: l.state });
    linesByOrder.set(l.orderId, list);
  }
  const orders: FigureOrder[] = orderRows.map(({ platform, source, type, ...o }) => ({ ...o, salesSource: salesSourceOf({ platform, source, type }), discount: parseDiscount(o.discount), lines: linesByOrder.get(o.id) ?? [] }));
  const payments = client.prepare('select method, amount, tip from payments where business_day = ?').all(day) as DayInput['payments'];
  const refunds = client.prepare('select amount, staff_id as staffId, reason from refunds where business_day = ?').all(day) as DayInput['refunds'];
  const voids = client.prepare('select amount, staff_id as staffId, reason from line_voids where business_day = ?').all(day) as DayInput['voids'];
  return { businessDay: day, orders, payments, refunds, voids };
}

export interface OpenOrder { id: string; number: number; businessDay: string; total: number; paid: number }

/** Orders still open (not completed, not canceled) of business day `day` or earlier, oldest first. */
export function openOrdersUpTo(tx: Db, day: string): OpenOrder[] {
  return tx.$client.prepare(`select id, number, business_day as businessDay, total, paid from orders
    where status not in ('completed', 'canceled') and business_day <= ? order by business_day, number`).all(day) as OpenOrder[];
}
