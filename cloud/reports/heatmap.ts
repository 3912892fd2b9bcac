/** Completed orders by local weekday and hour of creation (each location in its own time zone). */
import type { Queryable } from '../db.js';
import type { Period } from './compare.js';
import { HEATMAP } from './fragments.js';
import { DIRTY_DAYS, locationsOf, num, paramsOf, scoped, sourceOf } from './read.js';
import type { HeatCell, HeatmapReport, ReportQuery } from './types.js';

interface HeatSql { location_id: string; period: Period; weekday: number; hour: number; orders: number; net: number }

/** Cells with at least one order, by weekday then hour. */
export async function heatmapReport(q: Queryable, query: ReportQuery): Promise<HeatmapReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<HeatSql>(`WITH ${DIRTY_DAYS}
    SELECT location_id, period, weekday, hour, sum(orders) AS orders, sum(net) AS net
    FROM ${sourceOf(HEATMAP)} h GROUP BY location_id, period, weekday, hour`, p.values);
  const cells = (list: readonly HeatSql[], period: Period): HeatCell[] => {
    const byCell = new Map<number, HeatCell>();
    for (const r of list.filter((x) => x.period === period)) {
      const key = num(r.weekday) * 24 + num(r.hour);
      const cell = byCell.get(key) ?? { weekday: num(r.weekday), hour: num(r.hour), orders: 0, net: 0 };
      cell.orders += num(r.orders);
      cell.net += num(r.net);
      byCell.set(key, cell);
    }
    return [...byCell.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  };
  return scoped(p.periods, locations, rows, (list) => ({ current: cells(list, 'current'), previous: cells(list, 'previous') }));
}
