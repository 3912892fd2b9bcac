/**
 * Automatic 86: an item (or an option's extra) whose one portion the shelf can no longer cover gets
 * `stock_out`, and loses it when stock comes back. The manual `available` flag is never touched, so a
 * manual 86 stays until a person lifts it; tablets can order an item only when it is available and
 * not stocked out. A flip bumps the menu version (the tree's ETag and the order catalog) and is
 * announced on the menu topic as `menu.availability`.
 */
import { eq, inArray } from 'drizzle-orm';
import type { CommandContext } from '../db/command.js';
import { menuItems, options } from '../db/schema.js';
import { selectIn } from '../db/raw.js';
import { finishMenuChange } from '../menu/store.js';
import { loadRestaurant } from '../setup/service.js';
import { recipeIndex } from './recipe-index.js';
import { isShort } from './rules.js';

const NONE = new Map<string, number>();

export interface AvailabilityScope {
  /** Items and options to re-check even if no touched ingredient leads to them (a recipe just changed). */
  itemIds?: readonly string[];
  optionIds?: readonly string[];
  /**
   * On-hand only went down (a fire): skip the check when every touched ingredient still holds at
   * least the largest portion any dependent needs — nothing can have run short.
   */
  onlyDown?: ReadonlyMap<string, number>;
}

/** Re-checks the items and options that depend on `touched` ingredients; returns how many flipped. */
export function refreshAvailability(ctx: CommandContext, touched: Iterable<string>, scope: AvailabilityScope = {}): number {
  const index = recipeIndex(ctx.tx, loadRestaurant(ctx.tx).menuVersion);
  const itemIds = new Set(scope.itemIds);
  const optionIds = new Set(scope.optionIds);
  for (const id of touched) {
    if (scope.onlyDown && (scope.onlyDown.get(id) ?? 0) >= (index.maxNeed.get(id) ?? 0)) continue;
    const d = index.dependents.get(id);
    d?.items.forEach((i) => itemIds.add(i));
    d?.options.forEach((o) => optionIds.add(o));
  }
  if (itemIds.size === 0 && optionIds.size === 0) return 0;
  const needed = new Set<string>();
  for (const id of itemIds) for (const k of (index.itemNeeds.get(id) ?? NONE).keys()) needed.add(k);
  for (const id of optionIds) for (const k of (index.optionNeeds.get(id) ?? NONE).keys()) needed.add(k);
  const levels = new Map(selectIn<{ id: string; onHand: number }>(ctx.tx, 'select ingredient_id as id, on_hand as onHand from stock_levels where ingredient_id', [...needed]).map((l) => [l.id, l.onHand]));
  let flipped = 0;
  if (itemIds.size > 0) {
    for (const row of ctx.tx.select().from(menuItems).where(inArray(menuItems.id, [...itemIds])).all()) {
      const short = isShort(index.itemNeeds.get(row.id) ?? NONE, levels);
      if (row.stockOut === short) continue;
      const next = { ...row, stockOut: short, version: row.version + 1, updatedAt: ctx.now };
      ctx.tx.update(menuItems).set(next).where(eq(menuItems.id, row.id)).run();
      ctx.change('menu_item', next);
      ctx.emit({ type: 'menu.availability', data: { itemId: row.id, available: row.available, stockOut: short, orderable: row.available && !short } });
      flipped += 1;
    }
  }
  if (optionIds.size > 0) {
    for (const row of ctx.tx.select().from(options).where(inArray(options.id, [...optionIds])).all()) {
      const short = isShort(index.optionNeeds.get(row.id) ?? NONE, levels);
      if (row.stockOut === short) continue;
      const next = { ...row, stockOut: short, version: row.version + 1, updatedAt: ctx.now };
      ctx.tx.update(options).set(next).where(eq(options.id, row.id)).run();
      ctx.change('option', next);
      ctx.emit({ type: 'menu.availability', data: { optionId: row.id, available: row.available, stockOut: short, orderable: row.available && !short } });
      flipped += 1;
    }
  }
  if (flipped > 0) finishMenuChange(ctx);
  return flipped;
}
