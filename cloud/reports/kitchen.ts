/** Kitchen ticket times (fire → bump) per station: count, p50, p90, from the per-day histograms. */
import type { Queryable } from '../db.js';
import type { Period } from './compare.js';
import { KITCHEN } from './fragments.js';
import { DIRTY_DAYS, locationsOf, num, paramsOf, scoped, sourceOf } from './read.js';
import type { KitchenFigures, KitchenReport, ReportQuery, StationRow } from './types.js';

interface KitchenSql { location_id: string; period: Period; station: string; seconds: number; tickets: number }

/** Nearest-rank percentile (0..1) of a histogram given as ascending [value, count] pairs. */
export function histogramPercentile(buckets: ReadonlyArray<readonly [number, number]>, q: number): number | null {
  const total = buckets.reduce((s, [, c]) => s + c, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [value, count] of buckets) {
    seen += count;
    if (seen >= rank) return value;
  }
  return buckets[buckets.length - 1]![0];
}

function figures(list: readonly KitchenSql[]): KitchenFigures {
  const hist = new Map<number, number>();
  for (const r of list) hist.set(num(r.seconds), (hist.get(num(r.seconds)) ?? 0) + num(r.tickets));
  const buckets = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  return { tickets: buckets.reduce((s, [, c]) => s + c, 0), p50Seconds: histogramPercentile(buckets, 0.5), p90Seconds: histogramPercentile(buckets, 0.9) };
}

/** Stations by name; a station appears when it bumped a ticket in either period. */
export async function kitchenReport(q: Queryable, query: ReportQuery): Promise<KitchenReport> {
  const p = paramsOf(query);
  const locations = await locationsOf(q, query.locationIds);
  const { rows } = await q.query<KitchenSql>(`WITH ${DIRTY_DAYS}
    SELECT location_id, period, station, seconds, sum(tickets) AS tickets
    FROM ${sourceOf(KITCHEN)} k GROUP BY location_id, period, station, seconds`, p.values);
  return scoped(p.periods, locations, rows, (list) => {
    const names = [...new Set(list.map((r) => r.station))].sort();
    const stations: StationRow[] = names.map((station) => ({
      station,
      current: figures(list.filter((r) => r.station === station && r.period === 'current')),
      previous: figures(list.filter((r) => r.station === station && r.period === 'previous')),
    }));
    return { stations };
  });
}
