import { and, eq, notInArray } from 'drizzle-orm';
import { diningTables, orders } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError, notFound } from '../errors.js';

type TableRow = typeof diningTables.$inferSelect;
export const CLOSED_ORDER_STATUSES = ['completed', 'canceled'] as const;

export function tableImage(row: TableRow) {
  return row;
}

function setStatus(ctx: CommandContext, table: TableRow, status: TableRow['status']): void {
  if (table.status === status) return;
  const next = { ...table, status, version: table.version + 1, updatedAt: ctx.now };
  ctx.tx.update(diningTables).set({ status, version: next.version, updatedAt: ctx.now }).where(eq(diningTables.id, table.id)).run();
  ctx.change('dining_table', tableImage(next));
  ctx.emit({ type: 'table.updated', data: next });
}

/** An order is placed on (or moved to) this table: it must exist and be active; it becomes occupied. */
export function occupyTable(ctx: CommandContext, tableId: string): TableRow {
  const table = ctx.tx.select().from(diningTables).where(eq(diningTables.id, tableId)).get();
  if (!table) throw notFound('table', tableId);
  if (table.status === 'inactive') throw new AppError('TABLE_INACTIVE', `Table ${table.label} is inactive; a host or manager must reactivate it first.`, { tableId });
  setStatus(ctx, table, 'occupied');
  return table;
}

/** The table's last open order closed or left: it becomes available again. */
export function releaseTableIfIdle(ctx: CommandContext, tableId: string | null): void {
  if (!tableId) return;
  if (countOpenOrders(ctx, tableId) > 0) return;
  const table = ctx.tx.select().from(diningTables).where(eq(diningTables.id, tableId)).get();
  if (table && table.status === 'occupied') setStatus(ctx, table, 'available');
}

export function countOpenOrders(ctx: Pick<CommandContext, 'tx'>, tableId: string): number {
  return ctx.tx.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.tableId, tableId), notInArray(orders.status, [...CLOSED_ORDER_STATUSES]))).all().length;
}

/**
 * The table's status follows its open orders again after orders arrived from elsewhere (a restore
 * catch-up, src/inbox/restore-catchup.ts): occupied while one is open, available once none is.
 * An inactive or reserved table is left as it is.
 */
export function settleTableOccupancy(ctx: CommandContext, tableId: string | null): void {
  if (!tableId) return;
  const table = ctx.tx.select().from(diningTables).where(eq(diningTables.id, tableId)).get();
  if (!table) return;
  const open = countOpenOrders(ctx, tableId) > 0;
  if (open && table.status === 'available') setStatus(ctx, table, 'occupied');
  else if (!open && table.status === 'occupied') setStatus(ctx, table, 'available');
}
