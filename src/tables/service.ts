import { eq } from 'drizzle-orm';
import { diningTables, orders } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { AppError } from '../errors.js';
import { AreasService } from './areas-service.js';
import { countOpenOrders, tableImage } from './occupancy.js';
import { listTableRows, loadArea, loadTable, openOrderIdsFor, openOrdersByTable, tableView, type TableRow } from './queries.js';
import { assertNoOverlap, assertStatusChangeAllowed, assertVersion, changedFields, defaultSize, nameKey } from './rules.js';
import type { CreateTableInput, DiningTableView, LayoutUpdateInput, SetTableStatusInput, UpdateTableInput } from './schemas.js';

function assertLabelFree(ctx: CommandContext, label: string, exceptId?: string): void {
  const key = nameKey(label);
  const clash = ctx.tx.select({ id: diningTables.id, label: diningTables.label }).from(diningTables).all()
    .find((t) => t.id !== exceptId && nameKey(t.label) === key);
  if (clash) throw new AppError('DUPLICATE', `A table labelled "${clash.label}" already exists.`, { field: 'label', existingId: clash.id });
}

/** Writes the next version of a table with its change-log row and the event for floor screens. */
function saveTable(ctx: CommandContext, current: TableRow, changes: Partial<TableRow>): TableRow {
  const next: TableRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
  ctx.tx.update(diningTables).set(next).where(eq(diningTables.id, current.id)).run();
  ctx.change('dining_table', tableImage(next));
  ctx.emit({ type: 'table.updated', data: next });
  return next;
}

/** The creation fields of a table, with defaults applied, to tell a retry from a different request. */
function createFields(input: CreateTableInput) {
  const size = defaultSize(input.shape);
  return {
    areaId: input.areaId, label: input.label, capacity: input.capacity, shape: input.shape,
    x: input.x ?? 0, y: input.y ?? 0, width: input.width ?? size.width, height: input.height ?? size.height,
  };
}

/**
 * The floor: areas and tables, their place on the floor map, and their status. Orders move a table
 * between available and occupied through occupancy.ts; people set it here (hosts seat, reserve,
 * take a table out of service).
 */
export class TablesService {
  readonly areas: AreasService;

  constructor(private readonly deps: CommandDeps) {
    this.areas = new AreasService(deps);
  }

  list(filter: { areaId?: string } = {}): DiningTableView[] {
    if (filter.areaId) loadArea(this.deps.db, filter.areaId);
    const rows = listTableRows(this.deps.db, filter.areaId);
    const open = openOrdersByTable(this.deps.db);
    return rows.map((row) => tableView(row, open.get(row.id) ?? []));
  }

  get(id: string): DiningTableView {
    const row = loadTable(this.deps.db, id);
    return tableView(row, openOrderIdsFor(this.deps.db, id));
  }

  create(actor: Actor, input: CreateTableInput): Promise<DiningTableView> {
    return runCommand(this.deps, actor, (ctx) => {
      const fields = createFields(input);
      const id = input.id ?? ctx.newId();
      const existing = ctx.tx.select().from(diningTables).where(eq(diningTables.id, id)).get();
      if (existing) {
        // A retry after a dropped connection: same body → the first result (as the table is now).
        const same = (Object.keys(fields) as Array<keyof typeof fields>).every((k) => existing[k] === fields[k]);
        if (same) return tableView(existing, openOrderIdsFor(ctx.tx, id));
        throw new AppError('IDEMPOTENCY_CONFLICT', 'A table with this id already exists with different details.', { id });
      }
      loadArea(ctx.tx, fields.areaId);
      assertLabelFree(ctx, fields.label);
      const row: TableRow = { id, ...fields, status: 'available', version: 1, createdAt: ctx.now, updatedAt: ctx.now };
      ctx.tx.insert(diningTables).values(row).run();
      ctx.change('dining_table', tableImage(row));
      ctx.emit({ type: 'table.updated', data: row });
      return tableView(row, []);
    });
  }

  update(actor: Actor, id: string, input: UpdateTableInput): Promise<DiningTableView> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadTable(ctx.tx, id);
      const { expectedVersion, ...patch } = input;
      assertVersion('table', current, expectedVersion);
      const changes = changedFields(current, patch);
      if (changes.areaId !== undefined) loadArea(ctx.tx, changes.areaId);
      // Compared by key, so "t1" → "T1" on the same table is a rename, not a clash.
      if (changes.label !== undefined) assertLabelFree(ctx, changes.label, id);
      const next = Object.keys(changes).length === 0 ? current : saveTable(ctx, current, changes);
      return tableView(next, openOrderIdsFor(ctx.tx, id));
    });
  }

  /**
   * Tables with history stay: past orders point at them and reports group by them. Such a table
   * is marked inactive instead.
   */
  remove(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadTable(ctx.tx, id);
      if (countOpenOrders(ctx, id) > 0) {
        const openOrderIds = openOrderIdsFor(ctx.tx, id);
        throw new AppError('TABLE_HAS_OPEN_ORDERS', `Table ${current.label} has open orders; close or move them first.`, { tableId: id, openOrderIds });
      }
      if (ctx.tx.select({ id: orders.id }).from(orders).where(eq(orders.tableId, id)).limit(1).get()) {
        throw new AppError('IN_USE', `Table ${current.label} has past orders, so it is kept for history. Mark it inactive instead (POST /tables/${id}/status with status "inactive").`,
          { tableId: id, suggestion: 'inactive' });
      }
      ctx.tx.delete(diningTables).where(eq(diningTables.id, id)).run();
      // The delete carries a newer version so the cloud applies it after any earlier upsert.
      ctx.change('dining_table', tableImage({ ...current, version: current.version + 1, updatedAt: ctx.now }), { op: 'delete' });
      ctx.emit({ type: 'table.deleted', data: { id, areaId: current.areaId } });
      return { id, deleted: true as const };
    });
  }

  /** A person sets the status (host seats, reserves, takes a table out of service). Audited with the reason. */
  setStatus(actor: Actor, id: string, input: SetTableStatusInput): Promise<DiningTableView> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadTable(ctx.tx, id);
      assertVersion('table', current, input.expectedVersion);
      const openOrderIds = openOrderIdsFor(ctx.tx, id);
      assertStatusChangeAllowed(current, input.status, openOrderIds);
      if (current.status === input.status) return tableView(current, openOrderIds);
      const next = saveTable(ctx, current, { status: input.status });
      ctx.audit({ action: 'table.status_set', entity: 'dining_table', entityId: id, reason: input.reason ?? null,
        details: { label: current.label, from: current.status, to: input.status } });
      return tableView(next, openOrderIds);
    });
  }

  /** The floor-map editor's save: every listed table moves, or (on any unknown id, stale version or overlap) none does. */
  saveLayout(actor: Actor, items: LayoutUpdateInput): Promise<DiningTableView[]> {
    return runCommand(this.deps, actor, (ctx) => {
      const moved: TableRow[] = [];
      const saved = items.map((item) => {
        const current = loadTable(ctx.tx, item.id);
        assertVersion('table', current, item.expectedVersion);
        const changes = changedFields(current, { x: item.x, y: item.y, width: item.width, height: item.height });
        if (Object.keys(changes).length === 0) return current;
        const next = saveTable(ctx, current, changes);
        moved.push(next);
        return next;
      });
      // Checked on the floor as it stands after every move, so two tables may swap places in one save.
      if (moved.length) assertNoOverlap(moved, listTableRows(ctx.tx));
      const open = openOrdersByTable(ctx.tx, saved.map((t) => t.id));
      return saved.map((row) => tableView(row, open.get(row.id) ?? []));
    });
  }
}
