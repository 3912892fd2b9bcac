import { and, asc, eq, inArray, isNotNull, notInArray } from 'drizzle-orm';
import { areas, diningTables, orders } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { notFound } from '../errors.js';
import { CLOSED_ORDER_STATUSES } from './occupancy.js';
import type { AreaView, DiningTableView } from './schemas.js';

export type TableRow = typeof diningTables.$inferSelect;
export type AreaRow = typeof areas.$inferSelect;

export const areaView = (row: AreaRow): AreaView => ({ id: row.id, name: row.name, sortOrder: row.sortOrder, version: row.version });

export function tableView(row: TableRow, openOrderIds: readonly string[]): DiningTableView {
  const { createdAt: _created, ...rest } = row;
  return { ...rest, openOrderIds: [...openOrderIds], openOrderCount: openOrderIds.length };
}

/** Open order ids per table (oldest first), in one query for the whole floor rather than one per table. */
export function openOrdersByTable(db: DbLike, tableIds?: readonly string[]): Map<string, string[]> {
  const onTables = tableIds ? inArray(orders.tableId, [...tableIds]) : isNotNull(orders.tableId);
  const rows = db.select({ id: orders.id, tableId: orders.tableId }).from(orders)
    .where(and(onTables, notInArray(orders.status, [...CLOSED_ORDER_STATUSES])))
    .orderBy(asc(orders.createdAt), asc(orders.id)).all();
  const byTable = new Map<string, string[]>();
  for (const row of rows) {
    if (!row.tableId) continue;
    const list = byTable.get(row.tableId) ?? [];
    list.push(row.id);
    byTable.set(row.tableId, list);
  }
  return byTable;
}

export function openOrderIdsFor(db: DbLike, tableId: string): string[] {
  return openOrdersByTable(db, [tableId]).get(tableId) ?? [];
}

export function loadArea(db: DbLike, id: string): AreaRow {
  const row = db.select().from(areas).where(eq(areas.id, id)).get();
  if (!row) throw notFound('area', id);
  return row;
}

export function loadTable(db: DbLike, id: string): TableRow {
  const row = db.select().from(diningTables).where(eq(diningTables.id, id)).get();
  if (!row) throw notFound('table', id);
  return row;
}

/** Floor order: by area (as the host arranged the tabs), then label with numbers read as numbers (T2 before T10). */
export function listTableRows(db: DbLike, areaId?: string): TableRow[] {
  const areaOrder = new Map(db.select().from(areas).all().map((a) => [a.id, a.sortOrder]));
  const rows = areaId
    ? db.select().from(diningTables).where(eq(diningTables.areaId, areaId)).all()
    : db.select().from(diningTables).all();
  return rows.sort((a, b) => (areaOrder.get(a.areaId) ?? 0) - (areaOrder.get(b.areaId) ?? 0)
    || a.areaId.localeCompare(b.areaId)
    || a.label.localeCompare(b.label, undefined, { numeric: true, sensitivity: 'base' }));
}
