/**
 * Scenario `reports` (issue 7): a year of 5 locations (≈ 2M order lines, reports-data.ts) in a
 * PostgreSQL database of its own; the rollups built once (timed); then full dashboard requests —
 * refresh of dirty days + every report of one dashboard load in one reader transaction — for the
 * last day, 7, 30 and 365 days, one location and all five. Before each request the last day of
 * every location is marked dirty, as a box syncing during service makes it: each request computes
 * that day from the source rows; the refresh that the route runs after answering is timed apart;
 * then the same request with nothing dirty (rollups only). Target: p95 ≤ 300 ms per request, judged
 * on the requests with a dirty day (the harder case).
 *
 * PostgreSQL: the server of TEST_DATABASE_URL or DATABASE_URL (else 127.0.0.1:5432); the database
 * is `brigade_bench_reports`, created and filled when missing. BENCH_REPORTS_FRESH=1 drops and
 * regenerates it; BENCH_REPORTS_ITERATIONS (default 20) requests per filter.
 */
import crypto from 'node:crypto';
import { openPostgres, type CloudDb, type Queryable } from '../../cloud/db.js';
import { migrateCloud } from '../../cloud/migrate.js';
import { createOrganisation } from '../../cloud/admin.js';
import { SERVICE_ROLE } from '../../cloud/tenant.js';
import { addDays, dashboardReport, refreshReportRollups, type ReportQuery } from '../../cloud/reports/index.js';
import { LINES_PER_ORDER, ORDERS_PER_DAY, generateLocation } from './reports-data.js';
import { benchDatabase } from './pg-database.js';
import { progress } from './progress.js';
import { stats } from './stats.js';
import type { ReportsResult, Scenario } from './types.js';

export const REPORTS_TARGET = { maxP95Ms: 300 };
const LOCATIONS = 5;
const DAYS = 365;
/** The last business day of the generated year. */
const LAST_DAY = '2026-11-28';
const DB_NAME = 'brigade_bench_reports';

/** What the owners' dashboard does for one request (cloud/auth/reader.ts withReader, without the account check). */
function asReader<T>(db: CloudDb, locationIds: readonly string[], fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
    await q.query("SELECT set_config('app.reader_locations', $1, true)", [locationIds.join(',')]);
    return fn(q);
  });
}

/** The generated locations (generating them when the database is empty). */
async function ensureData(db: CloudDb): Promise<{ locationIds: string[]; generatedSeconds: number | null }> {
  const existing = await db.query<{ id: string }>("SELECT id FROM locations WHERE name LIKE 'Bench %' ORDER BY name");
  if (existing.rows.length === LOCATIONS) return { locationIds: existing.rows.map((r) => r.id), generatedSeconds: null };
  const started = Date.now();
  const org = await createOrganisation(db, { name: 'Reports bench', ownerEmail: `reports-${crypto.randomBytes(4).toString('hex')}@example.com`, ownerName: 'Bench' });
  const from = addDays(LAST_DAY, -(DAYS - 1));
  const locationIds: string[] = [];
  for (let i = 0; i < LOCATIONS; i++) locationIds.push((await generateLocation(db, org.id, i, from, DAYS)).locationId);
  progress('reports: ANALYZE');
  await db.query('ANALYZE');
  return { locationIds, generatedSeconds: (Date.now() - started) / 1000 };
}

export const reportsScenario: Scenario = {
  name: 'reports',
  async run() {
    const fresh = process.env.BENCH_REPORTS_FRESH === '1';
    const url = await benchDatabase(DB_NAME, fresh);
    if (!url) {
      progress('reports: no PostgreSQL (TEST_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432): skipped');
      return [];
    }
    const iterations = Number(process.env.BENCH_REPORTS_ITERATIONS ?? 20);
    const db = openPostgres(url, 4);
    try {
      await migrateCloud(db);
      const { locationIds, generatedSeconds } = await ensureData(db);
      const counts = (await db.query<{ orders: number; lines: number }>('SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM order_lines)::int AS lines')).rows[0]!;
      progress(`reports: ${counts.orders} orders, ${counts.lines} order lines in ${url.replace(/\/\/[^@]*@/, '//')}`);

      // Rollups for every day, built once (what migration 0005 leaves to the first refresh on a database with history);
      // a reused database whose rollups this code built (month rows present) keeps them.
      const buildStarted = Date.now();
      const built = generatedSeconds === null && (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report_sales_day WHERE length(business_day) = 7')).rows[0]!.n > 0;
      for (const id of built ? [] : locationIds) {
        await db.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day)
          SELECT DISTINCT location_id, organisation_id, business_day FROM orders WHERE location_id = $1
          UNION SELECT DISTINCT location_id, organisation_id, business_day FROM stock_movements WHERE location_id = $1`, [id]);
        await refreshReportRollups(db, [id]);
        progress(`reports: rollups of location ${locationIds.indexOf(id) + 1} built`);
      }
      const buildSeconds = built ? null : (Date.now() - buildStarted) / 1000;
      await db.query('ANALYZE');

      const filters: Array<{ label: string; days: number; ids: string[] }> = [];
      for (const days of [1, 7, 30, 365]) {
        filters.push({ label: `last ${days === 1 ? 'day' : `${days} days`}, 1 location`, days, ids: locationIds.slice(0, 1) });
        filters.push({ label: `last ${days === 1 ? 'day' : `${days} days`}, 5 locations`, days, ids: locationIds });
      }
      const markToday = async () => {
        for (const id of locationIds) {
          await db.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day) SELECT id, organisation_id, $2 FROM locations WHERE id = $1`, [id, LAST_DAY]);
        }
      };
      const requests: ReportsResult['requests'] = [];
      for (const f of filters) {
        const query: ReportQuery = { locationIds: f.ids, from: addDays(LAST_DAY, -(f.days - 1)), to: LAST_DAY };
        const samples: number[] = [];
        const refreshes: number[] = [];
        for (let i = 0; i < iterations + 2; i++) {
          await markToday();
          const started = performance.now();
          await asReader(db, f.ids, (q) => dashboardReport(q, query));
          const answered = performance.now();
          // What the route does after answering: rebuild the dirty day (timed apart: not in the request).
          await refreshReportRollups(db, f.ids);
          if (i >= 2) { // two warm-up requests per filter
            samples.push(answered - started);
            refreshes.push(performance.now() - answered);
          }
        }
        // The same request when nothing is dirty (no batch since the last refresh): rollups only.
        const clean: number[] = [];
        for (let i = 0; i < iterations; i++) {
          const started = performance.now();
          await asReader(db, f.ids, (q) => dashboardReport(q, query));
          clean.push(performance.now() - started);
        }
        const latency = stats(samples);
        const refresh = stats(refreshes);
        const cleanLatency = stats(clean);
        const p95 = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * xs.length) - 1)]! * 100) / 100;
        requests.push({ filter: f.label, locations: f.ids.length, days: f.days, requests: samples.length, p50Ms: latency.p50, p95Ms: p95(samples), maxMs: latency.max,
          refreshAfterP50Ms: refresh.p50, refreshAfterP95Ms: p95(refreshes), cleanP50Ms: cleanLatency.p50, cleanP95Ms: p95(clean) });
        progress(`reports: ${f.label}: p50 ${latency.p50} ms, p95 ${p95(samples)} ms; refresh after it p50 ${refresh.p50} ms; nothing dirty: p50 ${cleanLatency.p50} ms, p95 ${p95(clean)} ms`);
      }
      return [{
        kind: 'reports', name: 'reports dashboard (1 year × 5 locations)', database: 'postgres',
        orders: counts.orders, orderLines: counts.lines, perLocationDay: { orders: ORDERS_PER_DAY, linesPerOrder: LINES_PER_ORDER },
        generatedSeconds, rollupBuildSeconds: buildSeconds === null ? null : Math.round(buildSeconds * 10) / 10, requests,
        target: { ...REPORTS_TARGET, pass: requests.every((r) => r.p95Ms <= REPORTS_TARGET.maxP95Ms) },
      }];
    } finally {
      await db.close();
    }
  },
};
