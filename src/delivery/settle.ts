/**
 * A platform order handed to the rider is settled (issue 21): the guest paid the platform, the
 * platform owes the restaurant, so the till records the balance as a payment (`other`, referenced
 * with the platform and its order) and the order completes — it then counts in the day's sales
 * like any order, under its platform (reports/rules.ts `bySource`), commission kept apart.
 */
import { payments } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { loadOrder, refreshOrder } from '../orders/store.js';
import type { DeliveryRow } from './store.js';

export function settlePlatformOrder(ctx: CommandContext, row: DeliveryRow): void {
  if (!row.orderId) return;
  const { order } = loadOrder(ctx.tx, row.orderId);
  if (order.status === 'completed' || order.status === 'canceled') return;
  const balance = order.total - order.paid;
  if (balance > 0) {
    const payment = {
      id: ctx.newId(), orderId: order.id, method: 'other' as const, amount: balance, tip: 0, tendered: null, change: 0, allocation: { kind: 'amount' as const },
      reference: `${row.platform} ${row.displayRef}`.slice(0, 100), staffId: order.staffId, businessDay: currentBusinessDay(ctx), createdAt: ctx.now,
    };
    ctx.tx.insert(payments).values(payment).run();
    ctx.change('payment', payment, { op: 'insert' });
  }
  refreshOrder(ctx, order.id, { paid: order.paid + Math.max(0, balance), status: 'completed', closedAt: ctx.now });
}
