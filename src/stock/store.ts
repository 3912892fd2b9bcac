/**
 * Stock rows: loaders, views, and the one writer of the ledger. Every movement goes through
 * `recordMovement`, which appends the row, moves the cached level and queues the change for the
 * cloud in the same transaction — so on-hand is always the sum of the movements.
 */
import { eq } from 'drizzle-orm';
import type { CommandContext, DbLike } from '../db/command.js';
import { ingredients, stockLevels, type stockMovements } from '../db/schema.js';
import { notFound } from '../errors.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { fromMilli } from './units.js';

export type IngredientRow = typeof ingredients.$inferSelect;
export type MovementRow = typeof stockMovements.$inferSelect;
export type MovementKind = MovementRow['kind'];

export function loadIngredient(db: DbLike, id: string): IngredientRow {
  const row = db.select().from(ingredients).where(eq(ingredients.id, id)).get();
  if (!row) throw notFound('ingredient', id);
  return row;
}

/** On-hand and its version (0/0 for an ingredient that never moved). */
export function levelOf(db: DbLike, ingredientId: string): { onHand: number; version: number } {
  const row = db.select({ onHand: stockLevels.onHand, version: stockLevels.version }).from(stockLevels).where(eq(stockLevels.ingredientId, ingredientId)).get();
  return row ?? { onHand: 0, version: 0 };
}

/** An ingredient as the API shows it: stored thousandths, plus on-hand in the ingredient's own unit. */
export function ingredientView(row: IngredientRow, level: { onHand: number; version: number }) {
  const { createdAt: _c, ...rest } = row;
  return { ...rest, onHand: level.onHand, levelVersion: level.version, onHandInUnit: fromMilli(level.onHand, row.unit) };
}
export type IngredientView = ReturnType<typeof ingredientView>;

/** The change-log image of an ingredient (entity `ingredient`). */
export function ingredientImage(row: IngredientRow): Record<string, unknown> {
  return { ...row };
}

export interface NewMovement {
  /** Client-made id, so a retried request is recognised. */
  id?: string;
  ingredientId: string;
  kind: MovementKind;
  quantity: number;
  counted?: number | null;
  reason?: string | null;
  location?: string | null;
  cost?: number | null;
  orderId?: string | null;
  lineId?: string | null;
}

// Plain SQL: this runs for every ingredient of every fired line (see db/raw.ts for why).
const INSERT_MOVEMENT = `insert into stock_movements (id, ingredient_id, kind, quantity, counted, reason, location, cost, order_id, line_id, staff_id, business_day, created_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (line_id, ingredient_id, kind) do nothing`;
const MOVE_LEVEL = `insert into stock_levels (ingredient_id, on_hand, version, updated_at) values (?, ?, 1, ?)
  on conflict (ingredient_id) do update set on_hand = on_hand + excluded.on_hand, version = version + 1, updated_at = excluded.updated_at
  returning on_hand as onHand, version`;


/**
 * Appends one movement and moves the cached level. Returns the row and the new level, or null when
 * the (line, ingredient, kind) was already recorded — the unique index makes a second recording of
 * the same fired line a no-op, so nothing is ever counted twice.
 */
export function recordMovement(ctx: CommandContext, m: NewMovement): { row: MovementRow; level: { onHand: number; version: number } } | null {
  const row: MovementRow = {
    id: m.id ?? ctx.newId(), ingredientId: m.ingredientId, kind: m.kind, quantity: m.quantity, counted: m.counted ?? null, reason: m.reason ?? null,
    location: m.location ?? null, cost: m.cost ?? null, orderId: m.orderId ?? null, lineId: m.lineId ?? null, staffId: ctx.actor.staffId,
    businessDay: currentBusinessDay(ctx), createdAt: ctx.now,
  };
  const client = ctx.tx.$client;
  const inserted = client.prepare(INSERT_MOVEMENT).run(row.id, row.ingredientId, row.kind, row.quantity, row.counted, row.reason, row.location, row.cost,
    row.orderId, row.lineId, row.staffId, row.businessDay, row.createdAt);
  if (inserted.changes === 0) return null;
  const level = client.prepare(MOVE_LEVEL).get(row.ingredientId, row.quantity, ctx.now) as { onHand: number; version: number };
  ctx.change('stock_movement', row, { op: 'insert' });
  return { row, level };
}
