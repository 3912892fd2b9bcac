/**
 * Reading rollups: rows of the asked locations and days come from the rollup tables, except days
 * still marked dirty, which are computed from the source rows by the same fragment that builds
 * the rollup — one snapshot, so a figure is never older than the data the reader can see.
 *
 * Every report query takes the same parameters: $1 location ids, $2 first day of the previous
 * period, $3 last day asked, $4 first day asked (a row is `current` from $4 on, else `previous`).
 */
import type { Queryable } from '../db.js';
import type { Rollup } from './fragments.js';
import { periodsOf } from './period.js';
import type { ReportPeriods, ReportQuery, Scoped } from './types.js';

/** The dirty days in range, visible to the reader; the fragments read them as `days`. */
export const DIRTY_DAYS = `days AS (SELECT DISTINCT location_id, business_day FROM report_dirty_days
  WHERE location_id = ANY ($1::text[]) AND business_day BETWEEN $2 AND $3)`;

/** A subquery of the rollup's columns plus `period` ('current' | 'previous'), for the asked range. */
export function sourceOf(r: Rollup): string {
  const cols = r.columns.join(', ');
  return `(SELECT u.*, CASE WHEN u.business_day >= $4 THEN 'current' ELSE 'previous' END AS period FROM (
      SELECT ${cols} FROM ${r.table} x WHERE x.location_id = ANY ($1::text[]) AND x.business_day BETWEEN $2 AND $3
        AND NOT EXISTS (SELECT 1 FROM days d WHERE d.location_id = x.location_id AND d.business_day = x.business_day)
      UNION ALL SELECT * FROM (${r.fragment}) live
    ) u)`;
}

export interface QueryParams {
  periods: ReportPeriods;
  values: unknown[];
}

export function paramsOf(query: ReportQuery): QueryParams {
  const periods = periodsOf(query);
  return { periods, values: [query.locationIds, periods.previous.from, query.to, query.from] };
}

export interface LocationInfo {
  locationId: string;
  name: string | null;
  currency: string | null;
  timeZone: string | null;
}

/** The asked locations as their boxes describe them (restaurant row), in the order asked. */
export async function locationsOf(q: Queryable, ids: readonly string[]): Promise<LocationInfo[]> {
  const { rows } = await q.query<{ location_id: string; name: string | null; currency: string | null; time_zone: string | null }>(
    'SELECT location_id, name, currency, time_zone FROM restaurants WHERE location_id = ANY ($1::text[]) AND NOT deleted', [ids]);
  const byId = new Map(rows.map((r) => [r.location_id, r]));
  return [...new Set(ids)].map((id) => {
    const r = byId.get(id);
    return { locationId: id, name: r?.name ?? null, currency: r?.currency ?? null, timeZone: r?.time_zone ?? null };
  });
}

/**
 * One table per location and in total, from flat rows that carry `location_id`: `build` turns a
 * set of rows into the table (for the total it gets every location's rows and `total = true`).
 * The total is null when the locations' currencies differ.
 */
export function scoped<R extends { location_id: string }, T>(periods: ReportPeriods, locations: readonly LocationInfo[], rows: readonly R[],
  build: (rows: readonly R[], total: boolean) => T): Scoped<T> {
  const byLocation = locations.map((l) => ({ locationId: l.locationId, currency: l.currency, ...build(rows.filter((r) => r.location_id === l.locationId), false) }));
  const currencies = new Set(locations.map((l) => l.currency).filter((c): c is string => c !== null));
  const total = currencies.size <= 1 ? { currency: [...currencies][0] ?? null, ...build(rows, true) } : null;
  return { periods, byLocation, total };
}

/** Numbers from SQL (sums may arrive as strings) as JS numbers. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
