/**
 * Manual ledger commands: receive, waste, transfer, count, adjust. Each appends one movement (never
 * edits one), then lets alerts and automatic 86 catch up with the new level.
 */
import { eq } from 'drizzle-orm';
import type { CommandContext } from '../db/command.js';
import { stockMovements } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { AdjustInput, CountInput, ReceiveInput, TransferInput, WasteInput } from './schemas.js';
import { ingredientView, levelOf, loadIngredient, recordMovement, type IngredientView, type MovementRow, type NewMovement } from './store.js';
import { settleStock } from './settle.js';
import { fromMilli, toMilli, toMilliPositive } from './units.js';

export interface MovementResult { movement: MovementRow; ingredient: IngredientView }

/** A retried request (same client id) gets the first movement back; the same id for another movement is a 409. */
function priorResult(ctx: CommandContext, id: string | undefined, ingredientId: string, kind: NewMovement['kind'], quantity?: number): MovementResult | null {
  if (!id) return null;
  const prior = ctx.tx.select().from(stockMovements).where(eq(stockMovements.id, id)).get();
  if (!prior) return null;
  const sameAmount = quantity === undefined || Math.abs(prior.quantity) === quantity || prior.counted === quantity;
  if (prior.ingredientId !== ingredientId || prior.kind !== kind || !sameAmount) {
    throw new AppError('IDEMPOTENCY_CONFLICT', 'This movement id was already used for another movement.', { id });
  }
  return { movement: prior, ingredient: ingredientView(loadIngredient(ctx.tx, ingredientId), levelOf(ctx.tx, ingredientId)) };
}

function record(ctx: CommandContext, m: NewMovement & { ingredientId: string }): MovementResult {
  const done = recordMovement(ctx, m);
  if (!done) throw new AppError('DUPLICATE', 'This movement was already recorded.', { lineId: m.lineId });
  settleStock(ctx, [m.ingredientId]);
  return { movement: done.row, ingredient: ingredientView(loadIngredient(ctx.tx, m.ingredientId), done.level) };
}

/** A delivery: stock in (a positive quantity; the schema refuses anything else). */
export function receive(ctx: CommandContext, input: ReceiveInput): MovementResult {
  const ingredient = loadIngredient(ctx.tx, input.ingredientId);
  const quantity = toMilliPositive(input.quantity, input.unit, ingredient.baseUnit);
  return priorResult(ctx, input.id, ingredient.id, 'receive', quantity)
    ?? record(ctx, { id: input.id, ingredientId: ingredient.id, kind: 'receive', quantity, cost: input.cost ?? null, reason: input.reason ?? null });
}

/** Thrown away, with a reason (dropped, spoiled, expired…): the waste report groups by it. */
export function waste(ctx: CommandContext, input: WasteInput): MovementResult {
  const ingredient = loadIngredient(ctx.tx, input.ingredientId);
  const quantity = toMilliPositive(input.quantity, input.unit, ingredient.baseUnit);
  const prior = priorResult(ctx, input.id, ingredient.id, 'waste', quantity);
  if (prior) return prior;
  ctx.audit({ action: 'stock.waste', entity: 'ingredient', entityId: ingredient.id, reason: input.reason, details: { quantity, baseUnit: ingredient.baseUnit } });
  return record(ctx, { id: input.id, ingredientId: ingredient.id, kind: 'waste', quantity: -quantity, reason: input.reason });
}

/** Stock sent to (out) or received from (in) another location. */
export function transfer(ctx: CommandContext, input: TransferInput): MovementResult {
  const ingredient = loadIngredient(ctx.tx, input.ingredientId);
  const quantity = toMilliPositive(input.quantity, input.unit, ingredient.baseUnit);
  const kind = input.direction === 'out' ? 'transfer_out' : 'transfer_in';
  return priorResult(ctx, input.id, ingredient.id, kind, quantity)
    ?? record(ctx, { id: input.id, ingredientId: ingredient.id, kind, quantity: kind === 'transfer_out' ? -quantity : quantity, location: input.location, reason: input.reason ?? null });
}

/**
 * A physical count. It must be made against the level the counter saw (`expectedVersion` =
 * `levelVersion`): if anything moved since — another count of the same shelf, a fire — the count
 * is refused with 409 and the current figure, because its variance would be wrong.
 */
export function count(ctx: CommandContext, input: CountInput): MovementResult {
  const ingredient = loadIngredient(ctx.tx, input.ingredientId);
  const counted = toMilli(input.counted, input.unit, ingredient.baseUnit, 'counted');
  const prior = priorResult(ctx, input.id, ingredient.id, 'count', counted);
  if (prior) return prior;
  const level = levelOf(ctx.tx, ingredient.id);
  if (level.version !== input.expectedVersion) {
    throw new AppError('VERSION_CONFLICT', `${ingredient.name} changed since it was counted from (now ${fromMilli(level.onHand, ingredient.unit)} ${ingredient.unit}); count again against the current figure.`,
      { currentVersion: level.version, onHand: level.onHand, onHandInUnit: fromMilli(level.onHand, ingredient.unit), unit: ingredient.unit });
  }
  const variance = counted - level.onHand;
  if (variance !== 0) ctx.audit({ action: 'stock.count_variance', entity: 'ingredient', entityId: ingredient.id, details: { counted, expected: level.onHand, variance } });
  return record(ctx, { id: input.id, ingredientId: ingredient.id, kind: 'count', quantity: variance, counted });
}

/** A manager's correction with a reason (audited). */
export function adjust(ctx: CommandContext, input: AdjustInput): MovementResult {
  const ingredient = loadIngredient(ctx.tx, input.ingredientId);
  const quantity = toMilli(input.quantity, input.unit, ingredient.baseUnit);
  if (quantity === 0) throw new AppError('VALIDATION_FAILED', 'That adjustment rounds to zero.', [{ path: 'quantity', message: 'Too small.' }]);
  const prior = priorResult(ctx, input.id, ingredient.id, 'adjust', Math.abs(quantity));
  if (prior) return prior;
  ctx.audit({ action: 'stock.adjusted', entity: 'ingredient', entityId: ingredient.id, reason: input.reason, details: { quantity } });
  return record(ctx, { id: input.id, ingredientId: ingredient.id, kind: 'adjust', quantity, reason: input.reason });
}
