/**
 * Recipe commands: replace the recipe of a menu item, an option or a prep item. Lines are keyed by
 * ingredient, so an unchanged line keeps its id and version and only real changes reach the cloud.
 */
import { eq } from 'drizzle-orm';
import type { CommandContext } from '../db/command.js';
import { ingredients, recipeLines } from '../db/schema.js';
import { selectIn } from '../db/raw.js';
import { AppError, notFound } from '../errors.js';
import { finishMenuChange, loadItem, loadOption } from '../menu/store.js';
import { refreshAvailability } from './availability.js';
import { buildIndex } from './recipe-index.js';
import { findCycle } from './rules.js';
import type { SetRecipeInput } from './schemas.js';
import { loadIngredient, type IngredientRow } from './store.js';
import { toMilli } from './units.js';

export type RecipeOwner = { kind: 'item' | 'option' | 'prep'; id: string };
type RecipeLineRow = typeof recipeLines.$inferSelect;

const ownerColumn = { item: recipeLines.menuItemId, option: recipeLines.optionId, prep: recipeLines.prepId } as const;

export function recipeImage(r: RecipeLineRow): Record<string, unknown> {
  return { ...r };
}

export function loadRecipe(ctx: { tx: CommandContext['tx'] }, owner: RecipeOwner): RecipeLineRow[] {
  return ctx.tx.select().from(recipeLines).where(eq(ownerColumn[owner.kind], owner.id)).all();
}

function assertOwner(ctx: CommandContext, owner: RecipeOwner): void {
  if (owner.kind === 'item') loadItem(ctx.tx, owner.id);
  else if (owner.kind === 'option') loadOption(ctx.tx, owner.id);
  else if (loadIngredient(ctx.tx, owner.id).kind !== 'prep') {
    throw new AppError('VALIDATION_FAILED', 'Only a prep item (kind "prep") has a recipe of its own.', [{ path: 'id', message: 'Not a prep item.' }]);
  }
}

/** Converts and checks the lines: known ingredients, compatible units, sign rules, no duplicates. */
function parseLines(ctx: CommandContext, owner: RecipeOwner, input: SetRecipeInput): Array<{ ingredientId: string; quantity: number }> {
  const ids = input.lines.map((l) => l.ingredientId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new AppError('VALIDATION_FAILED', 'An ingredient appears twice in the recipe; give its total once.', [{ path: `lines.${ids.lastIndexOf(dup)}.ingredientId`, message: 'Duplicate.' }]);
  const known = new Map(selectIn<Pick<IngredientRow, 'id' | 'baseUnit'>>(ctx.tx, 'select id, base_unit as baseUnit from ingredients where id', ids).map((r) => [r.id, r]));
  return input.lines.map((line, i) => {
    const ing = known.get(line.ingredientId);
    if (!ing) throw notFound('ingredient', line.ingredientId);
    const quantity = toMilli(line.quantity, line.unit, ing.baseUnit, `lines.${i}.quantity`);
    if (owner.kind !== 'option' && quantity <= 0) {
      throw new AppError('VALIDATION_FAILED', 'Recipe quantities are more than zero (only an option may remove something).', [{ path: `lines.${i}.quantity`, message: 'Must be more than zero.' }]);
    }
    if (quantity === 0) throw new AppError('VALIDATION_FAILED', 'A quantity of zero changes nothing; leave the line out.', [{ path: `lines.${i}.quantity`, message: 'Zero.' }]);
    if (owner.kind === 'prep' && line.ingredientId === owner.id) {
      throw new AppError('RECIPE_CYCLE', 'A prep item cannot be made of itself.', { cycle: [owner.id, owner.id] });
    }
    return { ingredientId: line.ingredientId, quantity };
  });
}

/** Replaces a recipe. A prep item's new recipe must not lead back to itself through other prep items. */
export function setRecipe(ctx: CommandContext, owner: RecipeOwner, input: SetRecipeInput): RecipeLineRow[] {
  assertOwner(ctx, owner);
  const lines = parseLines(ctx, owner, input);
  if (owner.kind === 'prep') {
    const cycle = findCycle(owner.id, lines, buildIndex(ctx.tx, -1).preps);
    if (cycle) {
      const names = new Map(ctx.tx.select({ id: ingredients.id, name: ingredients.name }).from(ingredients).all().map((r) => [r.id, r.name]));
      throw new AppError('RECIPE_CYCLE', `This recipe would make a prep item contain itself: ${cycle.map((id) => names.get(id) ?? id).join(' → ')}.`, { cycle });
    }
  }
  const current = loadRecipe(ctx, owner);
  const touched = new Set([...current.map((r) => r.ingredientId), ...lines.map((l) => l.ingredientId)]);
  let changed = false;
  for (const old of current) {
    if (lines.some((l) => l.ingredientId === old.ingredientId)) continue;
    ctx.tx.delete(recipeLines).where(eq(recipeLines.id, old.id)).run();
    ctx.change('recipe_line', { ...recipeImage(old), version: old.version + 1, updatedAt: ctx.now }, { op: 'delete' });
    changed = true;
  }
  const result: RecipeLineRow[] = [];
  for (const line of lines) {
    const old = current.find((r) => r.ingredientId === line.ingredientId);
    if (old && old.quantity === line.quantity) { result.push(old); continue; }
    const row: RecipeLineRow = old
      ? { ...old, quantity: line.quantity, version: old.version + 1, updatedAt: ctx.now }
      : { id: ctx.newId(), menuItemId: owner.kind === 'item' ? owner.id : null, optionId: owner.kind === 'option' ? owner.id : null,
        prepId: owner.kind === 'prep' ? owner.id : null, ingredientId: line.ingredientId, quantity: line.quantity, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
    if (old) ctx.tx.update(recipeLines).set(row).where(eq(recipeLines.id, row.id)).run();
    else ctx.tx.insert(recipeLines).values(row).run();
    ctx.change('recipe_line', recipeImage(row));
    result.push(row);
    changed = true;
  }
  if (changed) {
    // Recipes live in the menu's version: the fire path's recipe index is cached per menu version.
    finishMenuChange(ctx);
    refreshAvailability(ctx, touched, { itemIds: owner.kind === 'item' ? [owner.id] : [], optionIds: owner.kind === 'option' ? [owner.id] : [] });
  }
  return result;
}

/** Every recipe line, for the back office. */
export function allRecipeLines(ctx: { tx: CommandContext['tx'] }): RecipeLineRow[] {
  return ctx.tx.select().from(recipeLines).all();
}
