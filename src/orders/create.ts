import { insertRow } from '../db/raw.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { requestHash } from '../lib/request-hash.js';
import { loadRestaurant } from '../setup/service.js';
import { occupyTable } from '../tables/occupancy.js';
import { buildLines, writeLines } from './lines.js';
import { deriveOrderStatus } from './status-rules.js';
import { loadOrder, orderView, totalsOf, type LineOptionRow, type LoadedOrder, type OrderRow } from './store.js';
import type { CreateOrderInput } from './schemas.js';

export interface CreateResult {
  created: boolean;
  order: LoadedOrder;
}

/** Next order number of the business day (#1 each morning), in the same transaction as the order. */
export function nextOrderNumber(ctx: CommandContext, day: string): number {
  const row = ctx.tx.$client.prepare(
    `insert into order_counters (business_day, last_number) values (?, 1)
     on conflict (business_day) do update set last_number = last_number + 1 returning last_number as n`,
  ).get(day) as { n: number };
  return row.n;
}

/**
 * Creates an order keyed by its client-made id. The same id with the same body returns the first
 * order (a retry after a Wi-Fi drop); the same id with a different body is a 409.
 * This is the busiest command of a service, so it builds the lines in memory, works out the totals
 * with the pure rules and writes every row once (the order at version 1), reading nothing back.
 */
/** Where an order came from outside the room: the delivery platform and its reference (issue 21). */
export interface OrderOrigin { platform: string; platformRef: string }

export function createOrder(ctx: CommandContext, input: CreateOrderInput, origin: OrderOrigin | null = null): CreateResult {
  const hash = requestHash(input);
  const existing = ctx.tx.$client.prepare('select request_hash as requestHash from orders where id = ?').get(input.id) as { requestHash: string } | undefined;
  if (existing) {
    if (existing.requestHash !== hash) {
      throw new AppError('IDEMPOTENCY_CONFLICT', `Order id ${input.id} was already used for a different order.`, { orderId: input.id });
    }
    return { created: false, order: loadOrder(ctx.tx, input.id) };
  }
  const restaurant = loadRestaurant(ctx.tx);
  if (input.tableId) occupyTable(ctx, input.tableId);
  const staffId = ctx.actor.staffId ?? 'system';
  const built = buildLines(ctx, { id: input.id, staffId }, input.lines, 0);
  const header = { discount: null, serviceChargeBp: input.serviceChargeBp ?? (input.type === 'dine_in' ? restaurant.serviceChargeBp : 0), taxMode: restaurant.taxMode };
  const totals = totalsOf(header, built.lines);
  const day = currentBusinessDay(ctx);
  const row: OrderRow = {
    id: input.id, number: nextOrderNumber(ctx, day), businessDay: day, type: input.type, source: input.source,
    status: deriveOrderStatus('created', built.lines.map((l) => l.state)),
    tableId: input.tableId ?? null, guestCount: input.guestCount, staffId, deviceId: ctx.actor.deviceId,
    customerName: input.customerName ?? null, notes: input.notes ?? null, platform: origin?.platform ?? null, platformRef: origin?.platformRef ?? null, ...header, currency: restaurant.currency,
    subtotal: totals.subtotal, discountTotal: totals.discountTotal, serviceCharge: totals.serviceCharge, taxTotal: totals.taxTotal, total: totals.total,
    paid: 0, tips: 0, refunded: 0, requestHash: hash, mergedInto: null, version: 1, createdAt: ctx.now, updatedAt: ctx.now, closedAt: null,
  };
  insertRow(ctx.tx, 'orders', row);
  ctx.change('order', row);
  writeLines(ctx, built);
  const options = new Map<string, LineOptionRow[]>();
  for (const option of built.options) options.set(option.lineId, [...(options.get(option.lineId) ?? []), option]);
  const order: LoadedOrder = { order: row, lines: built.lines, options };
  ctx.emit({ type: 'order.created', data: { orderId: row.id, number: row.number, tableId: row.tableId } });
  ctx.emit({ type: 'order.updated', data: orderView(order) });
  return { created: true, order };
}
