/** Top and bottom items and categories by quantity and by net (lines of completed orders, voids excluded). */
import type { Queryable } from '../db.js';
import { compare, type Period } from './compare.js';
import { ITEMS } from './fragments.js';
import { DIRTY_DAYS, locationsOf, num, paramsOf, scoped, sourceOf } from './read.js';
import type { CategoryRow, ItemFigures, ItemRow, ItemsReport, Ranked, ReportQuery } from './types.js';

/** How many rows each top or bottom list shows. */
export const RANKED_ROWS = 10;

interface ItemSql { location_id: string; period: Period; item_id: string; name: string; category: string; quantity: number; net: number }

/** The top and bottom `RANKED_ROWS` of rows that sold in the current period, by quantity and by net. */
export function rank<R extends { name?: string; category?: string } & { current: ItemFigures }>(rows: readonly R[]): Ranked<R> {
  const label = (r: R) => r.name ?? r.category ?? '';
  const sold = rows.filter((r) => r.current.quantity > 0);
  const by = (f: (r: R) => number, dir: 1 | -1) => [...sold].sort((a, b) => dir * (f(a) - f(b)) || label(a).localeCompare(label(b))).slice(0, RANKED_ROWS);
  return {
    topByQuantity: by((r) => r.current.quantity, -1),
    bottomByQuantity: by((r) => r.current.quantity, 1),
    topByNet: by((r) => r.current.net, -1),
    bottomByNet: by((r) => r.current.net, 1),
  };
}

/** Items (current menu names and categories; the line's name when the item is gone) and categories. */
export async function itemsReport(q: Queryable, query: ReportQuery): Promise<ItemsReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<ItemSql>(`WITH ${DIRTY_DAYS}
    SELECT i.location_id, i.period, i.item_id, coalesce(mi.name, i.name) AS name, coalesce(c.name, 'Uncategorised') AS category, i.quantity, i.net
    FROM (SELECT location_id, period, item_id, max(name) AS name, sum(quantity) AS quantity, sum(net) AS net FROM ${sourceOf(ITEMS)} s GROUP BY location_id, period, item_id) i
      LEFT JOIN menu_items mi ON mi.location_id = i.location_id AND mi.id = i.item_id
      LEFT JOIN categories c ON c.location_id = mi.location_id AND c.id = mi.category_id`, p.values);
  const zero = () => ({ quantity: 0, net: 0 });
  const add = (f: ItemFigures, r: ItemSql) => { f.quantity += num(r.quantity); f.net += num(r.net); };
  return scoped(p.periods, locations, rows, (list, total) => {
    const items: ItemRow[] = compare<ItemSql, ItemFigures, { itemId: string | null; name: string; category: string }>(list,
      (r) => total ? `${r.name}\u0000${r.category}` : r.item_id, (r) => ({ itemId: total ? null : r.item_id, name: r.name, category: r.category }), zero, add, (f) => f.net);
    const categories: CategoryRow[] = compare<ItemSql, ItemFigures, { category: string }>(list, (r) => r.category, (r) => ({ category: r.category }), zero, add, (f) => f.net);
    return { items: rank(items), categories: rank(categories) };
  });
}
