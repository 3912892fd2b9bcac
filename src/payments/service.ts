import { asc, eq, inArray, sql } from 'drizzle-orm';
import { payments, refunds } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps, type DbLike } from '../db/command.js';
import { earnOnClose, reverseOnRefund } from '../loyalty/earn.js';
import { AppError, notFound } from '../errors.js';
import { requestHash } from '../lib/request-hash.js';
import { releaseTableIfIdle } from '../tables/occupancy.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { assertOpen, loadOrder, orderView, refreshOrder, totalsOf } from '../orders/store.js';
import { decideAmount, decideTender } from './rules.js';
import { remember, replayed } from './idempotency.js';
import { enqueueDrawerKick } from '../printing/enqueue.js';
import { buildGuestCheck, type GuestCheckT } from './guest-check.js';
import type { PaymentViewT, RefundInput, StoredPaymentMethod, TakePaymentInput } from './schemas.js';
import type { OrderViewT } from '../orders/schemas.js';

type PaymentRow = typeof payments.$inferSelect;
type RefundRow = typeof refunds.$inferSelect;

export interface PaymentResult { payment: PaymentViewT; order: OrderViewT }
export interface RefundResult { refund: RefundRow; payment: PaymentViewT; order: OrderViewT }

function refundedBy(tx: DbLike, paymentIds: readonly string[]): Map<string, number> {
  if (paymentIds.length === 0) return new Map();
  const rows = tx.select({ paymentId: refunds.paymentId, total: sql<number>`sum(${refunds.amount})` }).from(refunds)
    .where(inArray(refunds.paymentId, [...paymentIds])).groupBy(refunds.paymentId).all();
  return new Map(rows.map((r) => [r.paymentId, r.total]));
}

function paymentView(row: PaymentRow, refunded: number): PaymentViewT {
  return { ...row, refunded };
}

/** What a payment is to be: the public body, or a loyalty redemption (method `loyalty`, src/loyalty/redeem.ts). */
export type PaymentRequest = Omit<TakePaymentInput, 'method'> & { method: StoredPaymentMethod };

/**
 * Books one payment on an open order inside the caller's command: decides the amount, writes the
 * ledger row and its change, updates the order, and — when the order is paid in full — closes it,
 * frees its table and earns the customer's loyalty points in this same transaction (issue 18).
 */
export function applyPayment(ctx: CommandContext, orderId: string, input: PaymentRequest): { row: PaymentRow; updated: ReturnType<typeof refreshOrder>; complete: boolean; tableId: string | null } {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  const balance = loaded.order.total - loaded.order.paid;
  const dues = new Map(totalsOf(loaded.order, loaded.lines).lines.map((l) => [l.id, l.due]));
  const prior = ctx.tx.select().from(payments).where(eq(payments.orderId, orderId)).all();
  const decision = decideAmount(input, balance,
    loaded.lines.map((l) => ({ id: l.id, seat: l.seat, voided: l.state === 'voided', due: dues.get(l.id) ?? 0 })), prior);
  if (!decision.ok) {
    if (decision.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', decision.message, decision.details);
    throw new AppError(decision.code, decision.message, decision.details);
  }
  const tender = decideTender(input.method, input.amount, decision.amount, input.tip, input.tendered);
  if (!tender.ok) throw new AppError('INSUFFICIENT_TENDER', tender.message);
  const row: PaymentRow = {
    id: ctx.newId(), orderId, method: input.method, amount: decision.amount, tip: input.tip, tendered: tender.tendered, change: tender.change,
    allocation: decision.allocation, reference: input.reference ?? null, staffId: ctx.actor.staffId ?? 'system', businessDay: currentBusinessDay(ctx), createdAt: ctx.now,
  };
  ctx.tx.insert(payments).values(row).run();
  ctx.change('payment', row, { op: 'insert' });
  const paid = loaded.order.paid + row.amount;
  const complete = paid >= loaded.order.total;
  const updated = refreshOrder(ctx, orderId, { paid, tips: loaded.order.tips + row.tip, ...(complete ? { status: 'completed' as const, closedAt: ctx.now } : {}) });
  if (complete) releaseTableIfIdle(ctx, loaded.order.tableId);
  if (complete) earnOnClose(ctx, orderId);
  return { row, updated, complete, tableId: loaded.order.tableId };
}

/**
 * The payment ledger (append-only): payments by amount, items, seat or equal split, tips, cash change,
 * and refunds. Every call carries an Idempotency-Key; a retry returns the first result.
 */
export class PaymentsService {
  constructor(private readonly deps: CommandDeps) {}

  take(actor: Actor, orderId: string, key: string, input: TakePaymentInput): Promise<PaymentResult> {
    const hash = requestHash({ orderId, ...input });
    return runCommand(this.deps, actor, (ctx) => {
      const scope = 'payment';
      const earlier = replayed<PaymentResult>(ctx, scope, key, hash);
      if (earlier) return earlier;
      const { row, updated, complete, tableId } = applyPayment(ctx, orderId, input);
      const result: PaymentResult = { payment: paymentView(row, 0), order: orderView(updated) };
      if (row.method === 'cash') enqueueDrawerKick(ctx, orderId, tableId);
      remember(ctx, scope, key, hash, 201, result);
      ctx.emit({ type: 'payment.taken', data: { orderId, paymentId: row.id, method: row.method, amount: row.amount, tip: row.tip, change: row.change, orderCompleted: complete } });
      return result;
    });
  }

  /** A refund is a new ledger row; never more than is left of the payment (amount + tip). Needs a manager. */
  refund(actor: Actor, paymentId: string, key: string, input: RefundInput, approverId: string | null): Promise<RefundResult> {
    const { approval: _approval, ...body } = input;
    const hash = requestHash({ paymentId, ...body });
    return runCommand(this.deps, actor, (ctx) => {
      const scope = 'refund';
      const earlier = replayed<RefundResult>(ctx, scope, key, hash);
      if (earlier) return earlier;
      if (!approverId) throw new AppError('MANAGER_APPROVAL_REQUIRED', 'Refunds need a manager: sign in as one or add a manager approval.');
      const payment = ctx.tx.select().from(payments).where(eq(payments.id, paymentId)).get();
      if (!payment) throw notFound('payment', paymentId);
      const already = refundedBy(ctx.tx, [paymentId]).get(paymentId) ?? 0;
      const left = payment.amount + payment.tip - already;
      if (input.amount > left) {
        throw new AppError('REFUND_EXCEEDS_PAYMENT', `Only ${left} is left to refund on this payment.`, { refundable: left, alreadyRefunded: already });
      }
      const row: RefundRow = { id: ctx.newId(), paymentId, orderId: payment.orderId, amount: input.amount, reason: input.reason, staffId: ctx.actor.staffId ?? 'system', approvedBy: approverId,
        businessDay: currentBusinessDay(ctx), createdAt: ctx.now };
      ctx.tx.insert(refunds).values(row).run();
      ctx.change('refund', row, { op: 'insert' });
      reverseOnRefund(ctx, row, payment);
      const loaded = loadOrder(ctx.tx, payment.orderId);
      const updated = refreshOrder(ctx, payment.orderId, { refunded: loaded.order.refunded + row.amount });
      ctx.audit({ action: 'payment.refunded', entity: 'payment', entityId: paymentId, reason: input.reason, approvedBy: approverId, details: { orderId: payment.orderId, amount: row.amount, method: payment.method } });
      const result: RefundResult = { refund: row, payment: paymentView(payment, already + row.amount), order: orderView(updated) };
      remember(ctx, scope, key, hash, 201, result);
      ctx.emit({ type: 'payment.refunded', data: { orderId: payment.orderId, paymentId, refundId: row.id, amount: row.amount, method: payment.method } });
      return result;
    });
  }

  guestCheck(orderId: string): GuestCheckT {
    return buildGuestCheck(this.deps.db, orderId, this.listForOrder(orderId));
  }

  listForOrder(orderId: string): PaymentViewT[] {
    loadOrder(this.deps.db, orderId);
    const rows = this.deps.db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.createdAt)).all();
    const refunded = refundedBy(this.deps.db, rows.map((r) => r.id));
    return rows.map((r) => paymentView(r, refunded.get(r.id) ?? 0));
  }
}
