/**
 * Reading rollups: rows of the asked locations and days come from the rollup tables, except days
 * still marked dirty, which are computed from the source rows by the same fragment that builds
 * the rollup — one snapshot, so a figure is never older than the data the reader can see.
 * A whole month or ISO week inside a period is read from its month or week row, unless one of its
 * days is dirty (then from its day rows and the live fragment).
 *
 * Every report query takes the same parameters: $1 location ids, $2 first day of the previous
 * period, $3 last day asked, $4 first day asked (a row is `current` from $4 on, else `previous`),
 * $5 the whole months ('YYYY-MM') and weeks ('W' + Monday) of both periods, $6 their other days.
 */
import type { Queryable } from '../db.js';
import type { Rollup } from './fragments.js';
import { addDays, periodsOf } from './period.js';
import type { Period, ReportPeriods, ReportQuery, Scoped } from './types.js';

/**
 * The dirty days in range, visible to the reader (the fragments read them as `days`), and the
 * whole months that hold one (their month rows are stale).
 */
export const DIRTY_DAYS = `days AS (SELECT DISTINCT location_id, business_day FROM report_dirty_days
  WHERE location_id = ANY ($1::text[]) AND business_day BETWEEN $2 AND $3),
  dirty_buckets AS (SELECT DISTINCT d.location_id, b.bucket FROM days d,
      LATERAL (VALUES (substr(d.business_day, 1, 7)), (${weekOf('d.business_day')})) b(bucket)
    WHERE b.bucket = ANY ($5::text[]))`;

/** SQL: the week key ('W' + its Monday) of a day given as SQL text. */
function weekOf(day: string): string {
  return `'W' || to_char(${day}::date - (extract(isodow FROM ${day}::date)::integer - 1), 'YYYY-MM-DD')`;
}
/** SQL: the first and last day of a bucket key (month 'YYYY-MM' or week 'WYYYY-MM-DD'). */
const firstDay = (k: string) => `(CASE WHEN length(${k}) = 7 THEN ${k} || '-01' WHEN ${k} LIKE 'W%' THEN substr(${k}, 2) ELSE ${k} END)`;
const lastDay = (k: string) => `(CASE WHEN length(${k}) = 7 THEN ${k} || '-31' ELSE to_char(substr(${k}, 2)::date + 6, 'YYYY-MM-DD') END)`;

/** A subquery of the rollup's columns plus `period` ('current' | 'previous'), for the asked range. */
export function sourceOf(r: Rollup): string {
  const cols = r.columns.map((c) => `x.${c}`).join(', ');
  const clean = 'NOT EXISTS (SELECT 1 FROM days d WHERE d.location_id = x.location_id AND d.business_day = x.business_day)';
  return `(SELECT u.*, CASE WHEN ${firstDay('u.business_day')} >= $4 THEN 'current' ELSE 'previous' END AS period FROM (
      SELECT ${cols} FROM ${r.table} x WHERE x.location_id = ANY ($1::text[]) AND x.business_day = ANY ($5::text[])
        AND NOT EXISTS (SELECT 1 FROM dirty_buckets m WHERE m.location_id = x.location_id AND m.bucket = x.business_day)
      UNION ALL
      SELECT ${cols} FROM ${r.table} x WHERE x.location_id = ANY ($1::text[]) AND x.business_day = ANY ($6::text[]) AND ${clean}
      UNION ALL
      SELECT ${cols} FROM dirty_buckets m JOIN ${r.table} x ON x.location_id = m.location_id AND x.business_day BETWEEN ${firstDay('m.bucket')} AND ${lastDay('m.bucket')}
        WHERE length(x.business_day) = 10 AND ${clean}
      UNION ALL SELECT * FROM (${r.fragment}) live
    ) u)`;
}

const monthEnd = (day: string) => addDays(`${addDays(`${day.slice(0, 7)}-01`, 32).slice(0, 7)}-01`, -1);
const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;

/**
 * A period as rollup keys: whole calendar months ('YYYY-MM'), then whole ISO weeks ('W' + Monday)
 * that do not cut into a whole month, then the other days. A year is about 12 months and a few
 * weeks and days; 30 days are about 4 weeks and a few days.
 */
export function splitPeriod(p: Period): { buckets: string[]; days: string[] } {
  const buckets: string[] = [];
  const days: string[] = [];
  const wholeMonthAt = (day: string) => day.endsWith('-01') && monthEnd(day) <= p.to;
  let day = p.from;
  while (day <= p.to) {
    if (wholeMonthAt(day)) {
      buckets.push(day.slice(0, 7));
      day = addDays(monthEnd(day), 1);
    } else if (isMonday(day) && addDays(day, 6) <= p.to && ![1, 2, 3, 4, 5, 6].some((i) => wholeMonthAt(addDays(day, i)))) {
      buckets.push(`W${day}`);
      day = addDays(day, 7);
    } else {
      days.push(day);
      day = addDays(day, 1);
    }
  }
  return { buckets, days };
}

/** The periods of a request and the positional parameters ($1…$6) every report query takes. */
export interface QueryParams {
  periods: ReportPeriods;
  values: unknown[];
}

/** The parameters of `query` (see the top of this file). */
export function paramsOf(query: ReportQuery): QueryParams {
  const periods = periodsOf(query);
  const previous = splitPeriod(periods.previous);
  const current = splitPeriod(periods.current);
  return { periods, values: [query.locationIds, periods.previous.from, query.to, query.from, [...previous.buckets, ...current.buckets], [...previous.days, ...current.days]] };
}

/** A location as its box describes it; nulls until its restaurant row has synced. */
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
