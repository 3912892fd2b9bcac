/**
 * Earning and reversing inside the payment's own command (issue 18): points are earned in the
 * transaction that pays and closes an order with a customer, and taken back in the transaction that
 * refunds it — never by a later job that a crash could skip. See rules.ts for the money rule.
 */
import { and, eq } from 'drizzle-orm';
import { loyaltyEntries, orderCustomers, orders, payments, refunds } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { resolveCustomer } from '../customers/store.js';
import { bookEntry, knownBalance, loadProgramme } from './store.js';
import { earnBasis, pointsFor, reversalDue } from './rules.js';

type RefundRow = typeof refunds.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;

/** The live customer an order is for, or null (none attached, or erased). */
function customerOfOrder(ctx: CommandContext, orderId: string): string | null {
  const link = ctx.tx.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
  if (!link?.customerId) return null;
  const customer = resolveCustomer(ctx.tx, link.customerId);
  return customer.erasedAt === null ? customer.id : null;
}

const sumPoints = (rows: ReadonlyArray<{ points: number }>) => rows.reduce((s, r) => s + r.points, 0);

/** The order was just paid in full: its customer earns, once. */
export function earnOnClose(ctx: CommandContext, orderId: string): void {
  const programme = loadProgramme(ctx.tx);
  const customerId = programme && customerOfOrder(ctx, orderId);
  if (!programme || !customerId) return;
  if (ctx.tx.select({ id: loyaltyEntries.id }).from(loyaltyEntries).where(and(eq(loyaltyEntries.orderId, orderId), eq(loyaltyEntries.kind, 'earn'))).get()) return;
  const order = ctx.tx.select().from(orders).where(eq(orders.id, orderId)).get()!;
  const withPoints = sumPoints(ctx.tx.select({ points: payments.amount }).from(payments).where(and(eq(payments.orderId, orderId), eq(payments.method, 'loyalty'))).all());
  const basis = earnBasis(order, withPoints, programme);
  const points = pointsFor(basis, programme, knownBalance(ctx.tx, programme, customerId).tier);
  if (points <= 0) return;
  bookEntry(ctx, programme.version, { customerId, kind: 'earn', points, orderId, amount: basis });
}

/** A refund was just booked: take back that share of the order's earned points, or give back that share of the redeemed ones. */
export function reverseOnRefund(ctx: CommandContext, refund: RefundRow, payment: PaymentRow): void {
  const programme = loadProgramme(ctx.tx);
  const entries = ctx.tx.select().from(loyaltyEntries).where(eq(loyaltyEntries.orderId, refund.orderId)).all();
  if (!programme || entries.length === 0) return;
  const orderRefunds = ctx.tx.select({ amount: refunds.amount, paymentId: refunds.paymentId }).from(refunds).where(eq(refunds.orderId, refund.orderId)).all();
  const refundedOn = (paymentIds: readonly string[]) => orderRefunds.filter((r) => paymentIds.includes(r.paymentId)).reduce((s, r) => s + r.amount, 0);
  if (payment.method === 'loyalty') {
    const redeemed = entries.filter((e) => e.kind === 'redeem' && e.paymentId === payment.id);
    const given = entries.filter((e) => e.kind === 'reverse' && e.reverses === 'redeem' && e.paymentId === payment.id);
    const due = reversalDue(-sumPoints(redeemed), refundedOn([payment.id]), payment.amount + payment.tip, sumPoints(given));
    if (due > 0) bookEntry(ctx, programme.version, { customerId: redeemed[0]!.customerId, kind: 'reverse', reverses: 'redeem', points: due, orderId: refund.orderId, paymentId: payment.id, refundId: refund.id });
    return;
  }
  const earned = entries.filter((e) => e.kind === 'earn');
  if (earned.length === 0) return;
  const moneyPayments = ctx.tx.select().from(payments).where(eq(payments.orderId, refund.orderId)).all().filter((p) => p.method !== 'loyalty');
  const paid = moneyPayments.reduce((s, p) => s + p.amount + p.tip, 0);
  const taken = -sumPoints(entries.filter((e) => e.kind === 'reverse' && e.reverses === 'earn'));
  const due = reversalDue(sumPoints(earned), refundedOn(moneyPayments.map((p) => p.id)), paid, taken);
  if (due > 0) bookEntry(ctx, programme.version, { customerId: earned[0]!.customerId, kind: 'reverse', reverses: 'earn', points: -due, orderId: refund.orderId, paymentId: payment.id, refundId: refund.id });
}
