/**
 * The fire and void hooks. Firing a line records its usage: the item's recipe plus what each chosen
 * option adds or removes, times the quantity, prep items exploded into what they are made of. A fire
 * is never refused for stock — the food is being cooked — so the last portion fired twice at once
 * takes the level below zero, raises a `negative` alert and 86es the item; the unique index on
 * (line, ingredient, kind) means a line is never counted twice.
 * Voiding a fired line (or canceling its order) either returns its usage to the shelf or records it
 * as waste — the manager chooses; waste is the default, because a fired dish has usually been made.
 */
import type { CommandContext } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { recipeIndex } from './recipe-index.js';
import { explode } from './rules.js';
import { recordMovement } from './store.js';
import { settleStock } from './settle.js';

export type VoidStock = 'return' | 'waste';

interface FiredLine { id: string; orderId: string; itemId: string; quantity: number }

/** Records usage for lines just fired. With no recipes at all it costs one cached lookup. */
export function recordUsage(ctx: CommandContext, fired: readonly FiredLine[], chosen: ReadonlyMap<string, ReadonlyArray<{ optionId: string }>>): void {
  if (fired.length === 0) return;
  const index = recipeIndex(ctx.tx, loadRestaurant(ctx.tx).menuVersion);
  if (index.items.size === 0 && index.options.size === 0) return;
  const levels = new Map<string, number>();
  for (const line of fired) {
    const entries = [...(index.items.get(line.itemId) ?? [])];
    for (const o of chosen.get(line.id) ?? []) entries.push(...(index.options.get(o.optionId) ?? []));
    if (entries.length === 0) continue;
    for (const [ingredientId, q] of explode(entries, line.quantity, index.preps)) {
      const done = recordMovement(ctx, { ingredientId, kind: 'usage', quantity: -q, orderId: line.orderId, lineId: line.id });
      if (done) levels.set(ingredientId, done.level.onHand);
    }
  }
  if (levels.size > 0) settleStock(ctx, levels.keys(), { onlyDown: levels });
}

/** Undoes a voided line's usage: back on the shelf (`return`), or returned and written off as waste. */
export function reverseUsage(ctx: CommandContext, lineId: string, choice: VoidStock, reason: string): void {
  const used = ctx.tx.$client.prepare("select ingredient_id as ingredientId, order_id as orderId, quantity from stock_movements where line_id = ? and kind = 'usage'")
    .all(lineId) as Array<{ ingredientId: string; orderId: string | null; quantity: number }>;
  if (used.length === 0) return;
  for (const u of used) {
    recordMovement(ctx, { ingredientId: u.ingredientId, kind: 'return', quantity: -u.quantity, orderId: u.orderId, lineId, reason: choice === 'return' ? reason : `voided, wasted: ${reason}` });
    if (choice === 'waste') recordMovement(ctx, { ingredientId: u.ingredientId, kind: 'waste', quantity: u.quantity, orderId: u.orderId, lineId, reason: 'voided dish' });
  }
  settleStock(ctx, used.map((u) => u.ingredientId));
}
