/** Stock usage, waste and count variance per ingredient over a period; low stock now. */
import { unitInfo, MILLI } from '../../src/stock/units.js';
import type { Queryable } from '../db.js';
import { compare, type Period } from './compare.js';
import { STOCK } from './fragments.js';
import { DIRTY_DAYS, locationsOf, num, paramsOf, scoped, sourceOf } from './read.js';
import type { IngredientStockRow, LowStockRow, ReportQuery, StockFigures, StockReport } from './types.js';

interface StockSql {
  location_id: string; period: Period; ingredient_id: string; name: string; base_unit: string; unit: string | null; cost_per_unit: number | null;
  used: number; wasted: number; variance: number; counts: number;
}

/** Minor units for `quantity` thousandths of the base unit at the ingredient's cost per `unit`; null when unknown. */
function costOf(quantity: number, unit: string | null, costPerUnit: number | null): number | null {
  if (unit === null || costPerUnit === null) return null;
  try {
    return Math.round((quantity / (unitInfo(unit).factor * MILLI)) * costPerUnit);
  } catch {
    return null;
  }
}

const addCost = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** Ingredients that were used, wasted or counted in either period, most used first. */
export async function stockReport(q: Queryable, query: ReportQuery): Promise<StockReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<StockSql>(`WITH ${DIRTY_DAYS}
    SELECT s.location_id, s.period, s.ingredient_id, coalesce(i.name, s.ingredient_id) AS name, coalesce(i.base_unit, '') AS base_unit,
      i.row->>'unit' AS unit, (i.row->>'costPerUnit')::bigint AS cost_per_unit, s.used, s.wasted, s.variance, s.counts
    FROM (
      SELECT location_id, period, ingredient_id,
        sum(CASE WHEN kind IN ('usage', 'return') THEN -quantity ELSE 0 END) AS used,
        sum(CASE WHEN kind = 'waste' THEN -quantity ELSE 0 END) AS wasted,
        sum(CASE WHEN kind = 'count' THEN quantity ELSE 0 END) AS variance,
        sum(CASE WHEN kind = 'count' THEN movements ELSE 0 END) AS counts
      FROM ${sourceOf(STOCK)} x WHERE kind IN ('usage', 'return', 'waste', 'count')
      GROUP BY location_id, period, ingredient_id
    ) s LEFT JOIN ingredients i ON i.location_id = s.location_id AND i.id = s.ingredient_id`, p.values);
  const zero = (): StockFigures => ({ used: 0, wasted: 0, countVariance: 0, counts: 0, usedCost: 0, wastedCost: 0, varianceCost: 0 });
  const add = (f: StockFigures, r: StockSql) => {
    const cpu = r.cost_per_unit === null ? null : num(r.cost_per_unit);
    f.used += num(r.used); f.wasted += num(r.wasted); f.countVariance += num(r.variance); f.counts += num(r.counts);
    f.usedCost = addCost(f.usedCost, costOf(num(r.used), r.unit, cpu));
    f.wastedCost = addCost(f.wastedCost, costOf(num(r.wasted), r.unit, cpu));
    f.varianceCost = addCost(f.varianceCost, costOf(num(r.variance), r.unit, cpu));
  };
  return scoped(p.periods, locations, rows, (list, total) => ({
    ingredients: compare<StockSql, StockFigures, { ingredientId: string | null; name: string; baseUnit: string }>(list,
      (r) => total ? `${r.name}\u0000${r.base_unit}` : r.ingredient_id, (r) => ({ ingredientId: total ? null : r.ingredient_id, name: r.name, baseUnit: r.base_unit }),
      zero, add, (f) => f.used) satisfies IngredientStockRow[],
  }));
}

/** Open low-stock alerts of the asked locations now, by location then ingredient name. */
export async function lowStockNow(q: Queryable, locationIds: readonly string[]): Promise<LowStockRow[]> {
  const { rows } = await q.query<{ location_id: string; ingredient_id: string; name: string; base_unit: string; kind: string; on_hand: number; raised_at: number | null }>(
    `SELECT a.location_id, a.ingredient_id, coalesce(i.name, a.ingredient_id) AS name, coalesce(i.base_unit, '') AS base_unit, coalesce(a.kind, '') AS kind,
       coalesce(a.on_hand, 0) AS on_hand, a.raised_at
     FROM stock_alerts a LEFT JOIN ingredients i ON i.location_id = a.location_id AND i.id = a.ingredient_id
     WHERE a.location_id = ANY ($1::text[]) AND a.status = 'open' AND NOT a.deleted
     ORDER BY a.location_id, name, a.kind`, [locationIds]);
  return rows.map((r) => ({ locationId: r.location_id, ingredientId: r.ingredient_id, name: r.name, baseUnit: r.base_unit, kind: r.kind, onHand: num(r.on_hand),
    raisedAt: r.raised_at === null ? null : num(r.raised_at) }));
}
