/**
 * Stock reports on the box, by business day (inclusive range). Quantities are thousandths of each
 * ingredient's base unit; costs are minor currency units at the ingredient's current cost.
 */
import type { Db } from '../db/open.js';
import { buildIndex } from './recipe-index.js';
import { explode } from './rules.js';
import type { Period } from './schemas.js';
import { unitInfo, MILLI } from './units.js';

interface Named { ingredientId: string; name: string; baseUnit: string; unit: string; costPerUnit: number }

function costOf(quantity: number, i: Named): number {
  return Math.round((quantity / (unitInfo(i.unit).factor * MILLI)) * i.costPerUnit);
}

const NAMED = 'i.id as ingredientId, i.name, i.base_unit as baseUnit, i.unit, i.cost_per_unit as costPerUnit';

/** What was used (fired, net of returns) per ingredient. */
export function usageByIngredient(db: Db, p: Period) {
  const rows = db.$client.prepare(`select ${NAMED}, -sum(m.quantity) as used from stock_movements m join ingredients i on i.id = m.ingredient_id
    where m.kind in ('usage', 'return') and m.business_day between ? and ? group by i.id order by i.name`).all(p.from, p.to) as Array<Named & { used: number }>;
  return rows.map((r) => ({ ingredientId: r.ingredientId, name: r.name, baseUnit: r.baseUnit, used: r.used, cost: costOf(r.used, r) }));
}

/** What was thrown away, by reason and ingredient. */
export function wasteByReason(db: Db, p: Period) {
  const rows = db.$client.prepare(`select ${NAMED}, coalesce(m.reason, '') as reason, -sum(m.quantity) as wasted from stock_movements m join ingredients i on i.id = m.ingredient_id
    where m.kind = 'waste' and m.business_day between ? and ? group by m.reason, i.id order by m.reason, i.name`).all(p.from, p.to) as Array<Named & { reason: string; wasted: number }>;
  return rows.map((r) => ({ ingredientId: r.ingredientId, name: r.name, baseUnit: r.baseUnit, reason: r.reason, wasted: r.wasted, cost: costOf(r.wasted, r) }));
}

/** Every count in the period with what was expected, what was found and the difference. */
export function countVariance(db: Db, p: Period) {
  const rows = db.$client.prepare(`select ${NAMED}, m.id, m.counted, m.quantity as variance, m.staff_id as staffId, m.business_day as businessDay, m.created_at as createdAt
    from stock_movements m join ingredients i on i.id = m.ingredient_id where m.kind = 'count' and m.business_day between ? and ? order by m.created_at`).all(p.from, p.to) as
    Array<Named & { id: string; counted: number; variance: number; staffId: string | null; businessDay: string; createdAt: number }>;
  return rows.map((r) => ({ ingredientId: r.ingredientId, name: r.name, baseUnit: r.baseUnit, movementId: r.id, counted: r.counted, expected: r.counted - r.variance,
    variance: r.variance, cost: costOf(r.variance, r), staffId: r.staffId, businessDay: r.businessDay, createdAt: r.createdAt }));
}

/**
 * Theoretical usage (today's recipes × what was fired and not voided, by the order's business day)
 * against actual usage (everything that left the shelf other than transfers: usage, waste, count
 * variance, adjustments). The difference is what nobody can explain.
 */
export function theoreticalVsActual(db: Db, p: Period) {
  const index = buildIndex(db, -1);
  const lines = db.$client.prepare(`select l.id, l.item_id as itemId, l.quantity from order_lines l join orders o on o.id = l.order_id
    where l.fired_at is not null and l.state != 'voided' and o.business_day between ? and ?`).all(p.from, p.to) as Array<{ id: string; itemId: string; quantity: number }>;
  const chosen = db.$client.prepare(`select lo.line_id as lineId, lo.option_id as optionId from order_line_options lo join order_lines l on l.id = lo.line_id join orders o on o.id = l.order_id
    where l.fired_at is not null and l.state != 'voided' and o.business_day between ? and ?`).all(p.from, p.to) as Array<{ lineId: string; optionId: string }>;
  const theoretical = new Map<string, number>();
  for (const line of lines) {
    const entries = [...(index.items.get(line.itemId) ?? [])];
    for (const o of chosen) if (o.lineId === line.id) entries.push(...(index.options.get(o.optionId) ?? []));
    for (const [id, q] of explode(entries, line.quantity, index.preps)) theoretical.set(id, (theoretical.get(id) ?? 0) + q);
  }
  const actual = new Map((db.$client.prepare(`select ingredient_id as id, -sum(quantity) as used from stock_movements
    where kind not in ('receive', 'transfer_in', 'transfer_out') and business_day between ? and ? group by ingredient_id`).all(p.from, p.to) as Array<{ id: string; used: number }>).map((r) => [r.id, r.used]));
  const named = db.$client.prepare(`select ${NAMED} from ingredients i where i.kind = 'raw' order by i.name`).all() as Named[];
  return named.filter((i) => theoretical.has(i.ingredientId) || actual.has(i.ingredientId)).map((i) => {
    const t = theoretical.get(i.ingredientId) ?? 0;
    const a = actual.get(i.ingredientId) ?? 0;
    return { ingredientId: i.ingredientId, name: i.name, baseUnit: i.baseUnit, theoretical: t, actual: a, difference: a - t, differenceCost: costOf(a - t, i) };
  });
}
