import { and, desc, eq, inArray, notInArray, type SQL } from 'drizzle-orm';
import { orders } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { CLOSED_ORDER_STATUSES } from '../tables/occupancy.js';
import { createOrder } from './create.js';
import { insertLines } from './lines.js';
import { fireLines, markReady, markServed, voidLine } from './kitchen-flow.js';
import { applyDiscount, cancelOrder, closeOrder, removeDiscount, updateLine, updateOrderHeader } from './adjust.js';
import { mergeOrders, moveOrder, splitOrder } from './moves.js';
import { assertOpen, loadOrder, loadOrderParts, orderView, refreshOrder, type LoadedOrder } from './store.js';
import type { CreateOrderInput, DiscountInputT, FireInput, LineInputT, UpdateLineInput, UpdateOrderInput } from './schemas.js';
import type { z } from '@hono/zod-openapi';
import type { VoidStock } from '../stock/usage.js';
import { tellPlatformOfTillCancel } from '../delivery/till-cancel.js';
import type { ListOrdersQuery } from './schemas.js';

/**
 * Orders: each method is one command (one transaction) returning the order as screens show it.
 * `approverId` is the manager who approved a sensitive action (the actor, or a PIN typed on the device).
 */
export class OrdersService {
  constructor(private readonly deps: CommandDeps) {}

  create(actor: Actor, input: CreateOrderInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const { created, order } = createOrder(ctx, input);
      return { created, order: orderView(order) };
    });
  }

  get(id: string) {
    return orderView(loadOrder(this.deps.db, id));
  }

  list(query: z.infer<typeof ListOrdersQuery>) {
    const where: SQL[] = [];
    if (query.status === 'open') where.push(notInArray(orders.status, [...CLOSED_ORDER_STATUSES]));
    else if (query.status === 'closed') where.push(inArray(orders.status, [...CLOSED_ORDER_STATUSES]));
    else if (query.status !== 'all') where.push(eq(orders.status, query.status));
    if (query.tableId) where.push(eq(orders.tableId, query.tableId));
    if (query.businessDay) where.push(eq(orders.businessDay, query.businessDay));
    const rows = this.deps.db.select().from(orders).where(and(...where)).orderBy(desc(orders.createdAt)).limit(query.limit).all();
    return rows.map((row) => orderView(loadOrderParts(this.deps.db, row)));
  }

  addLines(actor: Actor, orderId: string, lines: LineInputT[]) {
    return this.command(actor, (ctx) => {
      const loaded = loadOrder(ctx.tx, orderId);
      assertOpen(loaded.order);
      const inserted = insertLines(ctx, loaded.order, lines);
      return inserted.length > 0 ? refreshOrder(ctx, orderId) : loaded;
    });
  }

  updateHeader(actor: Actor, orderId: string, input: UpdateOrderInput) {
    return this.command(actor, (ctx) => updateOrderHeader(ctx, orderId, input));
  }

  updateLine(actor: Actor, orderId: string, lineId: string, input: UpdateLineInput) {
    return this.command(actor, (ctx) => updateLine(ctx, orderId, lineId, input));
  }

  fire(actor: Actor, orderId: string, input: FireInput) {
    return this.command(actor, (ctx) => fireLines(ctx, orderId, input));
  }

  markReady(actor: Actor, orderId: string, lineIds: string[]) {
    return this.command(actor, (ctx) => markReady(ctx, orderId, lineIds));
  }

  markServed(actor: Actor, orderId: string, lineIds: string[]) {
    return this.command(actor, (ctx) => markServed(ctx, orderId, lineIds));
  }

  voidLine(actor: Actor, orderId: string, lineId: string, reason: string | undefined, approverId: string | null, stock?: VoidStock) {
    return this.command(actor, (ctx) => voidLine(ctx, orderId, lineId, reason, approverId, stock));
  }

  applyDiscount(actor: Actor, orderId: string, input: DiscountInputT, approverId: string | null) {
    return this.command(actor, (ctx) => applyDiscount(ctx, orderId, input, approverId));
  }

  removeDiscount(actor: Actor, orderId: string, lineId: string | undefined, reason: string | undefined) {
    return this.command(actor, (ctx) => removeDiscount(ctx, orderId, lineId, reason));
  }

  cancel(actor: Actor, orderId: string, reason: string, approverId: string | null, stock?: VoidStock) {
    return this.command(actor, (ctx) => {
      const wasOpen = loadOrder(ctx.tx, orderId).order.status !== 'canceled';
      const result = cancelOrder(ctx, orderId, reason, approverId, stock);
      // An order from a delivery platform: the platform is told (rejected, or cancelled after accepting).
      if (wasOpen) tellPlatformOfTillCancel(ctx, orderId, reason);
      return result;
    });
  }

  close(actor: Actor, orderId: string) {
    return this.command(actor, (ctx) => closeOrder(ctx, orderId));
  }

  move(actor: Actor, orderId: string, tableId: string) {
    return this.command(actor, (ctx) => moveOrder(ctx, orderId, tableId));
  }

  merge(actor: Actor, targetId: string, sourceId: string) {
    return this.command(actor, (ctx) => mergeOrders(ctx, targetId, sourceId));
  }

  split(actor: Actor, orderId: string, input: { newOrderId: string; lineIds: string[]; tableId?: string }) {
    return this.command(actor, (ctx) => splitOrder(ctx, orderId, input));
  }

  private async command(actor: Actor, body: (ctx: CommandContext) => LoadedOrder) {
    return orderView(await runCommand(this.deps, actor, body));
  }
}
