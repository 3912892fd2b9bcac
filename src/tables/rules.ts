import { AppError } from '../errors.js';
import type { diningTables } from '../db/schema.js';

type TableRow = typeof diningTables.$inferSelect;
type Shape = TableRow['shape'];
type Status = TableRow['status'];

/**
 * The key two labels (or area names) clash on. Staff read "T1" and "t1" as the same table, so the
 * comparison ignores case; NFC makes "é" typed two ways the same.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** A fresh table's size on the floor map when the editor does not say: a bar is long and thin. */
export function defaultSize(shape: Shape): { width: number; height: number } {
  switch (shape) {
    case 'bar': return { width: 200, height: 60 };
    case 'rect': return { width: 120, height: 80 };
    default: return { width: 80, height: 80 };
  }
}

/**
 * Whether a person may put the table in `to`. Seating guests by hand (occupied) is always allowed,
 * since guests often sit before anyone orders. Every other status would hide live orders from the
 * floor, so it waits until the table's orders are closed or moved.
 */
export function assertStatusChangeAllowed(table: Pick<TableRow, 'id' | 'label'>, to: Status, openOrderIds: readonly string[]): void {
  if (to === 'occupied' || openOrderIds.length === 0) return;
  throw new AppError('TABLE_HAS_OPEN_ORDERS',
    `Table ${table.label} still has ${openOrderIds.length} open order(s); close or move them before marking it ${to}.`,
    { tableId: table.id, openOrderIds, status: to });
}

/** Fails with VERSION_CONFLICT when the client edited an older copy of the row. */
export function assertVersion(entity: string, current: { id: string; version: number }, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) {
    throw new AppError('VERSION_CONFLICT', `This ${entity} changed since you loaded it; reload and try again.`,
      { id: current.id, currentVersion: current.version, expectedVersion: expected });
  }
}

/** The fields of `patch` (undefined = not sent) that differ from `current`; empty means nothing to do. */
export function changedFields<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined && value !== current[key]) out[key] = value;
  }
  return out;
}

type Placed = Pick<TableRow, 'id' | 'label' | 'areaId' | 'x' | 'y' | 'width' | 'height'>;

/**
 * After a floor-map save: refuses it when a table it moved now overlaps another table of its area
 * (edges may touch). Only moved tables are checked, so tables never placed (all at 0,0 on a fresh
 * floor) can still be set out one save at a time.
 */
export function assertNoOverlap(moved: readonly Placed[], all: readonly Placed[]): void {
  for (const a of moved) {
    const b = all.find((o) => o.id !== a.id && o.areaId === a.areaId
      && a.x < o.x + o.width && o.x < a.x + a.width && a.y < o.y + o.height && o.y < a.y + a.height);
    if (b) {
      throw new AppError('TABLES_OVERLAP', `Table ${a.label} would overlap table ${b.label}: move one of them apart and save again.`,
        { tableIds: [a.id, b.id] });
    }
  }
}
