/**
 * Rebuilds the report rollups of dirty days, one location per transaction, as the service role
 * with that location set (the ingest's row-level-security wall: it can write only that location's
 * rollups). Only the marks this transaction sees are consumed; a mark committed later (a batch
 * still in flight now) stays for the next refresh, and readers compute its days live until then.
 * Runs outside the reader's read-only transaction, before it (see routes and the bench).
 */
import type { Logger } from 'pino';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE } from '../tenant.js';
import { ROLLUPS } from './fragments.js';
import { addDays } from './period.js';

export interface RefreshResult {
  locationId: string;
  /** Business days rebuilt. */
  days: number;
}

/**
 * Rebuilds the rollups of `days` (already claimed) of one location, inside `q`'s transaction:
 * the day rows from the source rows, then the month rows ('YYYY-MM') and ISO week rows ('W' + its
 * Monday) of those days from the day rows — a year's report then adds up about 12 month rows and
 * a few weeks instead of 365 days.
 */
export async function rebuildDays(q: Queryable, locationId: string, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  const months = [...new Set(days.map((d) => d.slice(0, 7)))].map((m) => ({ key: m, first: `${m}-01`, last: `${m}-31` }));
  const mondays = [...new Set(days.map((d) => addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7))))];
  const weeks = mondays.map((m) => ({ key: `W${m}`, first: m, last: addDays(m, 6) }));
  const scope = 'WITH days AS (SELECT $1::text AS location_id, unnest($2::text[]) AS business_day)';
  for (const r of ROLLUPS) {
    await q.query(`DELETE FROM ${r.table} WHERE location_id = $1 AND business_day = ANY ($2::text[])`, [locationId, [...days, ...months.map((m) => m.key), ...weeks.map((w) => w.key)]]);
    await q.query(`${scope} INSERT INTO ${r.table} (${r.columns.join(', ')}) SELECT * FROM (${r.fragment}) f`, [locationId, days]);
    const group = ['location_id', 'organisation_id', ...r.keys];
    // One bucket at a time, its days as a range of the primary key.
    for (const b of [...months, ...weeks]) {
      await q.query(`INSERT INTO ${r.table} (${r.columns.join(', ')})
        SELECT location_id, organisation_id, $4::text${r.keys.map((k) => `, ${k}`).join('')}, ${r.measures.map(([c, agg]) => `${agg}(${c})`).join(', ')} FROM ${r.table}
        WHERE location_id = $1 AND business_day BETWEEN $2 AND $3 AND length(business_day) = 10
        GROUP BY ${group.join(', ')}`, [locationId, b.first, b.last, b.key]);
    }
  }
}

/**
 * Brings the rollups of `locationIds` up to date with everything committed now. Cheap when nothing
 * is dirty (one indexed query per location). Concurrent refreshes of a location queue on an
 * advisory lock; the second finds the marks gone and does nothing.
 */
export async function refreshReportRollups(db: CloudDb, locationIds: readonly string[]): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const locationId of [...new Set(locationIds)].sort()) {
    const days = await db.transaction(async (q) => {
      await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
      await q.query("SELECT set_config('app.location_id', $1, true)", [locationId]);
      const any = await q.query('SELECT 1 FROM report_dirty_days WHERE location_id = $1 LIMIT 1', [locationId]);
      if (any.rows.length === 0) return [];
      await q.query("SELECT pg_advisory_xact_lock(hashtext('brigade.reports:' || $1))", [locationId]);
      const claimed = await q.query<{ business_day: string }>('DELETE FROM report_dirty_days WHERE location_id = $1 RETURNING business_day', [locationId]);
      const days = [...new Set(claimed.rows.map((r) => r.business_day))].sort();
      await rebuildDays(q, locationId, days);
      return days;
    });
    results.push({ locationId, days: days.length });
  }
  return results;
}

/** Locations whose background refresh is running, so a burst of requests starts one each. */
const running = new Map<string, Promise<void>>();

/**
 * Starts refreshReportRollups for each location not already being refreshed, without waiting:
 * the route answers first. A failure is logged (the next request retries; readers stay exact).
 */
export function refreshInBackground(db: CloudDb, locationIds: readonly string[], logger: Logger): void {
  for (const id of new Set(locationIds)) {
    if (running.has(id)) continue;
    const job = refreshReportRollups(db, [id])
      .then(() => undefined, (error: unknown) => { logger.warn({ err: error, locationId: id }, 'report rollup refresh failed'); })
      .finally(() => { running.delete(id); });
    running.set(id, job);
  }
}

/** Resolves when every background refresh started so far has finished (tests, shutdown). */
export async function backgroundRefreshesSettled(): Promise<void> {
  await Promise.all([...running.values()]);
}
