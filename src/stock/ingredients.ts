/** Ingredient commands: create and edit (every edit bumps `version` and goes to the change log). */
import { eq } from 'drizzle-orm';
import type { CommandContext } from '../db/command.js';
import { ingredients } from '../db/schema.js';
import { AppError } from '../errors.js';
import { nameKey } from '../menu/rules.js';
import type { CreateIngredientInput, UpdateIngredientInput } from './schemas.js';
import { ingredientImage, ingredientView, levelOf, loadIngredient, type IngredientRow, type IngredientView } from './store.js';
import { toMilli, unitInfo } from './units.js';

const orNull = (q: number | null | undefined, unit: string, base: IngredientRow['baseUnit'], path: string) =>
  q === null || q === undefined ? null : toMilli(q, unit, base, path);

function assertNameFree(ctx: CommandContext, name: string, exceptId?: string): void {
  const clash = ctx.tx.select({ id: ingredients.id, name: ingredients.name }).from(ingredients).all().find((r) => r.id !== exceptId && nameKey(r.name) === nameKey(name));
  if (clash) throw new AppError('DUPLICATE', `An ingredient named "${clash.name}" already exists. Choose another name or edit that one.`, { field: 'name', existingId: clash.id });
}

function save(ctx: CommandContext, row: IngredientRow, prev?: IngredientRow): IngredientView {
  if (prev) ctx.tx.update(ingredients).set(row).where(eq(ingredients.id, row.id)).run();
  else ctx.tx.insert(ingredients).values(row).run();
  ctx.change('ingredient', ingredientImage(row));
  return ingredientView(row, levelOf(ctx.tx, row.id));
}

export function createIngredient(ctx: CommandContext, input: CreateIngredientInput): { created: boolean; ingredient: IngredientView } {
  const id = input.id ?? ctx.newId();
  const existing = ctx.tx.select().from(ingredients).where(eq(ingredients.id, id)).get();
  if (existing) {
    // A retry after a dropped connection returns the first result; the same id for something else is a conflict.
    if (existing.name === input.name && existing.unit === input.unit) return { created: false, ingredient: ingredientView(existing, levelOf(ctx.tx, id)) };
    throw new AppError('IDEMPOTENCY_CONFLICT', 'An ingredient with this id already exists with different details.', { id });
  }
  const base = unitInfo(input.unit).base;
  if (input.kind === 'prep' && !input.batchQuantity) {
    throw new AppError('VALIDATION_FAILED', 'A prep item needs the batch size its recipe makes.', [{ path: 'batchQuantity', message: 'Required for kind "prep".' }]);
  }
  assertNameFree(ctx, input.name);
  const row: IngredientRow = {
    id, name: input.name, kind: input.kind, baseUnit: base, unit: input.unit, costPerUnit: input.costPerUnit, supplier: input.supplier ?? null,
    lowThreshold: orNull(input.lowThreshold, input.unit, base, 'lowThreshold'), parLevel: orNull(input.parLevel, input.unit, base, 'parLevel'),
    minDaysOfSupply: input.minDaysOfSupply ?? null, batchQuantity: orNull(input.batchQuantity, input.unit, base, 'batchQuantity'),
    version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  return { created: true, ingredient: save(ctx, row) };
}

export function updateIngredient(ctx: CommandContext, id: string, input: UpdateIngredientInput): IngredientView {
  const current = loadIngredient(ctx.tx, id);
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new AppError('VERSION_CONFLICT', 'The ingredient changed since you loaded it; reload and try again.', { currentVersion: current.version });
  }
  const unit = input.unit ?? current.unit;
  toMilli(1, unit, current.baseUnit, 'unit'); // same kind of unit only
  if (input.name !== undefined && input.name !== current.name) assertNameFree(ctx, input.name, id);
  const next: IngredientRow = {
    ...current, unit, name: input.name ?? current.name, costPerUnit: input.costPerUnit ?? current.costPerUnit,
    supplier: input.supplier === undefined ? current.supplier : input.supplier,
    lowThreshold: input.lowThreshold === undefined ? current.lowThreshold : orNull(input.lowThreshold, unit, current.baseUnit, 'lowThreshold'),
    parLevel: input.parLevel === undefined ? current.parLevel : orNull(input.parLevel, unit, current.baseUnit, 'parLevel'),
    minDaysOfSupply: input.minDaysOfSupply === undefined ? current.minDaysOfSupply : input.minDaysOfSupply,
    batchQuantity: input.batchQuantity === undefined ? current.batchQuantity : orNull(input.batchQuantity, unit, current.baseUnit, 'batchQuantity'),
    version: current.version + 1, updatedAt: ctx.now,
  };
  if (next.kind === 'prep' && !next.batchQuantity) {
    throw new AppError('VALIDATION_FAILED', 'A prep item needs the batch size its recipe makes.', [{ path: 'batchQuantity', message: 'Required for kind "prep".' }]);
  }
  return save(ctx, next, current);
}
