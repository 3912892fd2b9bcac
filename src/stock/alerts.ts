/**
 * Low-stock alerts as rows (entity `stock_alert`): raised and cleared with hysteresis (rules.ts), one
 * open row per ingredient and kind, announced on the `stock` topic for managers.
 */
import type { CommandContext } from '../db/command.js';
import { insertRow, selectIn, updateRow } from '../db/raw.js';
import { nextAlerts, daysLeft, type AlertKind } from './rules.js';

const WEEK = 7 * 24 * 3600_000;

interface IngredientLimits { id: string; name: string; unit: string; lowThreshold: number | null; minDaysOfSupply: number | null; onHand: number | null }
export interface AlertRow { id: string; ingredientId: string; kind: AlertKind; status: 'open' | 'cleared'; onHand: number; daysLeft: number | null; raisedAt: number; clearedAt: number | null; version: number }

/** Average daily usage over the last 7 days (usage net of returns), thousandths of the base unit. */
export function dailyUsage(ctx: CommandContext, ingredientId: string): number {
  const row = ctx.tx.$client.prepare("select coalesce(-sum(quantity), 0) as used from stock_movements where ingredient_id = ? and kind in ('usage', 'return') and created_at > ?")
    .get(ingredientId, ctx.now - WEEK) as { used: number };
  return Math.max(0, row.used) / 7;
}

/** Raises and clears alerts for these ingredients after their levels moved. */
export function evaluateAlerts(ctx: CommandContext, ingredientIds: readonly string[]): void {
  if (ingredientIds.length === 0) return;
  const limits = selectIn<IngredientLimits>(ctx.tx, `select i.id, i.name, i.unit, i.low_threshold as lowThreshold, i.min_days_of_supply as minDaysOfSupply, l.on_hand as onHand
    from ingredients i left join stock_levels l on l.ingredient_id = i.id where i.id`, ingredientIds);
  const open = selectIn<AlertRow>(ctx.tx, `select id, ingredient_id as ingredientId, kind, status, on_hand as onHand, days_left as daysLeft, raised_at as raisedAt,
    cleared_at as clearedAt, version from stock_alerts where status = 'open' and ingredient_id`, ingredientIds);
  for (const ing of limits) {
    const onHand = ing.onHand ?? 0;
    const mine = open.filter((a) => a.ingredientId === ing.id);
    if (ing.lowThreshold === null && ing.minDaysOfSupply === null && onHand >= 0 && mine.length === 0) continue;
    const usage = ing.minDaysOfSupply === null ? 0 : dailyUsage(ctx, ing.id);
    const days = daysLeft(onHand, usage);
    const next = nextAlerts({ onHand, lowThreshold: ing.lowThreshold, minDaysOfSupply: ing.minDaysOfSupply, dailyUsage: usage }, new Set(mine.map((a) => a.kind)));
    for (const kind of next) {
      if (mine.some((a) => a.kind === kind)) continue;
      const row: AlertRow = { id: ctx.newId(), ingredientId: ing.id, kind, status: 'open', onHand, daysLeft: kind === 'days' && days !== null ? Math.floor(days) : null, raisedAt: ctx.now, clearedAt: null, version: 1 };
      insertRow(ctx.tx, 'stock_alerts', { ...row });
      ctx.change('stock_alert', { ...row });
      ctx.emit({ type: 'stock.alert_raised', data: { ...row, name: ing.name } });
    }
    for (const alert of mine) {
      if (next.has(alert.kind)) continue;
      const row: AlertRow = { ...alert, status: 'cleared', clearedAt: ctx.now, version: alert.version + 1 };
      updateRow(ctx.tx, 'stock_alerts', { ...row });
      ctx.change('stock_alert', { ...row });
      ctx.emit({ type: 'stock.alert_cleared', data: { ...row, name: ing.name } });
    }
  }
}
