import { eq, sql } from 'drizzle-orm';
import { orderCounters, orders } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { businessDay } from '../lib/business-day.js';
import { requestHash } from '../lib/request-hash.js';
import { loadRestaurant } from '../setup/service.js';
import { occupyTable } from '../tables/occupancy.js';
import { insertLines } from './lines.js';
import { loadOrderParts, refreshOrder, type LoadedOrder, type OrderRow } from './store.js';
import type { CreateOrderInput } from './schemas.js';

export interface CreateResult {
  created: boolean;
  order: LoadedOrder;
}

/** Next order number of the business day (#1 each morning), in the same transaction as the order. */
function nextOrderNumber(ctx: CommandContext, day: string): number {
  const row = ctx.tx.insert(orderCounters).values({ businessDay: day, lastNumber: 1 })
    .onConflictDoUpdate({ target: orderCounters.businessDay, set: { lastNumber: sql`${orderCounters.lastNumber} + 1` } })
    .returning({ n: orderCounters.lastNumber }).get();
  return row.n;
}

/**
 * Creates an order keyed by its client-made id. The same id with the same body returns the first
 * order (a retry after a Wi-Fi drop); the same id with a different body is a 409.
 */
export function createOrder(ctx: CommandContext, input: CreateOrderInput): CreateResult {
  const hash = requestHash(input);
  const existing = ctx.tx.select().from(orders).where(eq(orders.id, input.id)).get();
  if (existing) {
    if (existing.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_CONFLICT', `Order id ${input.id} was already used for a different order.`, { orderId: input.id });
    }
    return { created: false, order: loadOrderParts(ctx.tx, existing) };
  }
  const restaurant = loadRestaurant(ctx.tx);
  if (input.tableId) occupyTable(ctx, input.tableId);
  const day = businessDay(ctx.now, restaurant.timeZone, restaurant.dayStartHour);
  const row: OrderRow = {
    id: input.id, number: nextOrderNumber(ctx, day), businessDay: day, type: input.type, source: input.source, status: 'created',
    tableId: input.tableId ?? null, guestCount: input.guestCount, staffId: ctx.actor.staffId ?? 'system', deviceId: ctx.actor.deviceId,
    customerName: input.customerName ?? null, notes: input.notes ?? null, discount: null,
    serviceChargeBp: input.serviceChargeBp ?? (input.type === 'dine_in' ? restaurant.serviceChargeBp : 0),
    taxMode: restaurant.taxMode, currency: restaurant.currency,
    subtotal: 0, discountTotal: 0, serviceCharge: 0, taxTotal: 0, total: 0, paid: 0, tips: 0, refunded: 0,
    requestHash: hash, mergedInto: null, version: 0, createdAt: ctx.now, updatedAt: ctx.now, closedAt: null,
  };
  ctx.tx.insert(orders).values(row).run();
  insertLines(ctx, row, input.lines);
  const loaded = refreshOrder(ctx, row.id);
  ctx.emit({ type: 'order.created', data: { orderId: row.id, number: row.number, tableId: row.tableId } });
  return { created: true, order: loaded };
}
