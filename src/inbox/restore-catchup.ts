/**
 * `restore.catchup` v1 (issue 22): what this box lost when it was restored from a backup, sent
 * back by the cloud exactly as the box once pushed it (sync/restore-catchup.ts). Applied inside
 * the message's transaction, so a crash leaves all of a part or none of it, and the cursor makes a
 * second delivery a no-op.
 *
 * The rules:
 * - A row the box lacks is inserted with its id, number and version unchanged. A row it has is
 *   never inserted twice (facts: by id; kitchen ticket lines: by ticket and line; usage movements:
 *   also by line and ingredient), so the same catch-up applied again — after a second restore of
 *   the same backup, or a replay — adds nothing.
 * - A mutable row (order, order line, kitchen ticket) the box has: the newer `updatedAt` wins. The
 *   cloud's image replaces the box's row only when the box has not changed it since (the restored
 *   row is older than what the lost history made of it). When the box changed it after the
 *   restore, the box's row stays; if the cloud holds it at the same or a higher version, the box's
 *   row takes the next version above and goes to the cloud as a change of its own, so the cloud
 *   ends up with the box's row too (otherwise ingest would keep the lost image as "newer").
 * - Nothing carried back is written to the change log: the cloud already holds it. The only
 *   changes pushed are the box's own decisions: that version bump, an order header the box kept
 *   taking the sums of the payments and refunds that came back, and a table's status (occupied
 *   again by a lost open order).
 * - An order keeps its number and day; the box's next numbers of that day go above it. A restored
 *   box that gave the number again offline keeps both orders (the cloud's restore-losses list
 *   names them apart by epoch).
 * - Each order's rows are applied together in a savepoint: an order whose rows point at something
 *   the box does not have (a menu item, staff member or table created after the backup and lost
 *   with it) is set aside whole and listed in the audit entry as unresolved, never half-written.
 *
 * Every part writes an audit entry `restore.catchup` with what it did; sync status reads them.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { SqliteError } from 'better-sqlite3';
import type { CommandContext } from '../db/command.js';
import { kitchenTickets, orderLines, orders } from '../db/schema.js';
import { AppError } from '../errors.js';
import { loadOrder, orderView, refreshOrder } from '../orders/store.js';
import { isOrderOpen } from '../orders/status-rules.js';
import { settleTableOccupancy } from '../tables/occupancy.js';
import { restoreCatchupV1, type CatchupEntity, type CatchupGroup, type CatchupRow } from '../../sync/restore-catchup.js';
import type { MessageHandler } from './handlers.js';

export const CATCHUP_AUDIT_ACTION = 'restore.catchup';

const MUTABLE = { order: orders, order_line: orderLines, kitchen_ticket: kitchenTickets } as const;
type MutableEntity = keyof typeof MUTABLE;
const isMutable = (e: CatchupEntity): e is MutableEntity => e in MUTABLE;

const TABLES: Record<CatchupEntity, string> = {
  order: 'orders', order_line: 'order_lines', order_line_option: 'order_line_options', line_void: 'line_voids', payment: 'payments',
  refund: 'refunds', kitchen_ticket: 'kitchen_tickets', kitchen_ticket_line: 'kitchen_ticket_lines', stock_movement: 'stock_movements',
  z_report: 'z_reports',
};

interface Tally { inserted: number; present: number; replaced: number; keptBox: number; rows: number }

/**
 * Test hook (fault tests only): CHANNEL_TEST_PAUSE_AT=during-catchup makes the box write
 * CHANNEL_TEST_PAUSE_FILE after the first order of a catch-up is written, inside the open
 * transaction, and block there for good, so a test can SIGKILL the box in the middle of applying.
 */
function pauseDuringCatchup(): void {
  const file = process.env.CHANNEL_TEST_PAUSE_FILE;
  if (process.env.CHANNEL_TEST_PAUSE_AT !== 'during-catchup' || !file) return;
  fs.writeFileSync(file, 'during-catchup');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const columnCache = new Map<string, Set<string>>();
function columnsOf(ctx: CommandContext, table: string): Set<string> {
  let cols = columnCache.get(table);
  if (!cols) {
    cols = new Set((ctx.tx.$client.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name));
    columnCache.set(table, cols);
  }
  return cols;
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const sqlValue = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

/** The image's fields that are columns of `table` here, as [column, value] (a field the box does not know is left out). */
function columnsFor(ctx: CommandContext, table: string, row: Record<string, unknown>): Array<[string, unknown]> {
  const known = columnsOf(ctx, table);
  return Object.entries(row).map(([k, v]): [string, unknown] => [snake(k), sqlValue(v)]).filter(([c]) => known.has(c));
}

/** Inserts the image unless a row with its key (or another unique key of it) is there. True when inserted. */
function insertIfAbsent(ctx: CommandContext, table: string, row: Record<string, unknown>): boolean {
  const cols = columnsFor(ctx, table, row);
  const sql = `insert into ${table} (${cols.map(([c]) => c).join(', ')}) values (${cols.map(() => '?').join(', ')}) on conflict do nothing`;
  return ctx.tx.$client.prepare(sql).run(...cols.map(([, v]) => v)).changes === 1;
}

/** Stock movements also move the cached level (src/stock/store.ts), once per movement inserted. */
function moveLevel(ctx: CommandContext, row: Record<string, unknown>): void {
  ctx.tx.$client.prepare(`insert into stock_levels (ingredient_id, on_hand, version, updated_at) values (?, ?, 1, ?)
    on conflict (ingredient_id) do update set on_hand = on_hand + excluded.on_hand, version = version + 1, updated_at = excluded.updated_at`)
    .run(row.ingredientId, row.quantity, ctx.now);
}

/** A mutable row the box already has: the newer `updatedAt` wins (see the file comment). */
function reconcileMutable(ctx: CommandContext, entity: MutableEntity, r: CatchupRow, tally: Tally): void {
  const table = MUTABLE[entity];
  const id = String(r.row.id);
  const mine = ctx.tx.select().from(table).where(eq(table.id, id)).get() as ({ version: number; updatedAt: number } & Record<string, unknown>) | undefined;
  if (!mine) return;
  const theirs = Number(r.row.updatedAt ?? 0);
  if (theirs > mine.updatedAt) {
    const cols = columnsFor(ctx, TABLES[entity], r.row).filter(([c]) => c !== 'id');
    ctx.tx.$client.prepare(`update ${TABLES[entity]} set ${cols.map(([c]) => `${c} = ?`).join(', ')} where id = ?`).run(...cols.map(([, v]) => v), id);
    tally.replaced++;
    return;
  }
  if (mine.updatedAt === theirs) {
    tally.present++; // the same write: the box has it already
    return;
  }
  tally.keptBox++;
  if (mine.version <= r.version) {
    const next = { ...mine, version: r.version + 1, updatedAt: ctx.now };
    ctx.tx.update(table).set({ version: next.version, updatedAt: next.updatedAt }).where(eq(table.id, id)).run();
    ctx.change(entity, next);
  }
}

function applyRow(ctx: CommandContext, r: CatchupRow, tally: Tally): void {
  tally.rows++;
  if (insertIfAbsent(ctx, TABLES[r.entity], r.row)) {
    tally.inserted++;
    if (r.entity === 'stock_movement') moveLevel(ctx, r.row);
    return;
  }
  if (isMutable(r.entity)) reconcileMutable(ctx, r.entity, r, tally);
  else tally.present++;
}

/**
 * The order's paid, tips and refunded as its ledgers say. They differ from its header only when
 * the box kept its own header (changed since the restore) while lost payments or refunds came
 * back: the header then takes the ledgers' sums (and is completed once paid), as a change of the
 * box's own, pushed like any other.
 */
function settleLedgerSums(ctx: CommandContext, order: typeof orders.$inferSelect): void {
  const client = ctx.tx.$client;
  const pay = client.prepare('select coalesce(sum(amount), 0) as paid, coalesce(sum(tip), 0) as tips from payments where order_id = ?').get(order.id) as { paid: number; tips: number };
  const refunded = (client.prepare('select coalesce(sum(amount), 0) as n from refunds where order_id = ?').get(order.id) as { n: number }).n;
  if (pay.paid === order.paid && pay.tips === order.tips && refunded === order.refunded) return;
  const complete = pay.paid >= order.total && isOrderOpen(order.status);
  refreshOrder(ctx, order.id, { paid: pay.paid, tips: pay.tips, refunded, ...(complete ? { status: 'completed' as const, closedAt: ctx.now } : {}) });
}

/** After an order's rows landed: its day's numbers go above it, its table shows it, screens hear of it. */
function settleOrder(ctx: CommandContext, orderId: string, tableBefore: string | null): void {
  const order = ctx.tx.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return;
  ctx.tx.$client.prepare(`insert into order_counters (business_day, last_number) values (?, ?)
    on conflict (business_day) do update set last_number = max(last_number, excluded.last_number)`).run(order.businessDay, order.number);
  settleLedgerSums(ctx, order);
  const settled = loadOrder(ctx.tx, orderId);
  settleTableOccupancy(ctx, settled.order.tableId);
  if (tableBefore !== settled.order.tableId) settleTableOccupancy(ctx, tableBefore);
  ctx.emit({ type: 'order.updated', data: orderView(settled) });
}

/** One order's rows, all or nothing: a row pointing at something this box lacks sets the order aside. */
function applyGroup(ctx: CommandContext, group: CatchupGroup, tally: Tally): { orderId: string | null; reason: string } | null {
  const client = ctx.tx.$client;
  const tableBefore = group.orderId === null ? null : (ctx.tx.select({ tableId: orders.tableId }).from(orders).where(eq(orders.id, group.orderId)).get()?.tableId ?? null);
  const before = { ...tally };
  client.exec('SAVEPOINT catchup_order');
  try {
    for (const r of group.rows) applyRow(ctx, r, tally);
    if (group.orderId !== null) settleOrder(ctx, group.orderId, tableBefore);
    client.exec('RELEASE catchup_order');
    return null;
  } catch (error) {
    client.exec('ROLLBACK TO catchup_order');
    client.exec('RELEASE catchup_order');
    const reason = error instanceof SqliteError && error.code.startsWith('SQLITE_CONSTRAINT') ? `${error.code}: ${error.message}`
      : error instanceof AppError ? `${error.code}: ${error.message}` : null;
    if (reason === null) throw error;
    Object.assign(tally, before);
    return { orderId: group.orderId, reason };
  }
}

export const applyRestoreCatchup: MessageHandler = (ctx, payload) => {
  const p = restoreCatchupV1.parse(payload);
  const tally: Tally = { inserted: 0, present: 0, replaced: 0, keptBox: 0, rows: 0 };
  const unresolved: Array<{ orderId: string | null; reason: string }> = [];
  p.groups.forEach((group, i) => {
    const problem = applyGroup(ctx, group, tally);
    if (problem) unresolved.push(problem);
    if (i === 0) pauseDuringCatchup();
  });
  ctx.audit({
    action: CATCHUP_AUDIT_ACTION,
    details: { epoch: p.epoch, forkedFrom: p.forkedFrom, part: p.part, parts: p.parts, orders: p.groups.filter((g) => g.orderId !== null).length, ...tally, unresolved },
  });
};
