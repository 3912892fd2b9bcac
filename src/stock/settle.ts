/** What follows every change of levels, in the same transaction: automatic 86, alerts, and the news for managers. */
import type { CommandContext } from '../db/command.js';
import { selectIn } from '../db/raw.js';
import { evaluateAlerts } from './alerts.js';
import { refreshAvailability, type AvailabilityScope } from './availability.js';

export function settleStock(ctx: CommandContext, touched: Iterable<string>, scope: AvailabilityScope = {}): void {
  const ids = [...new Set(touched)];
  refreshAvailability(ctx, ids, scope);
  if (ids.length === 0) return;
  evaluateAlerts(ctx, ids);
  const levels = scope.onlyDown
    ? ids.map((id) => ({ ingredientId: id, onHand: scope.onlyDown!.get(id) ?? 0 }))
    : selectIn<{ ingredientId: string; onHand: number }>(ctx.tx, 'select ingredient_id as ingredientId, on_hand as onHand from stock_levels where ingredient_id', ids);
  ctx.emit({ type: 'stock.levels', data: { levels } });
}
