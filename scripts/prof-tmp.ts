import { openPostgres } from '../sync/cloud/db.js';
import { SERVICE_ROLE } from '../sync/cloud/tenant.js';
import * as R from '../sync/cloud/reports/index.js';
const db = openPostgres('postgres://postgres@127.0.0.1:5432/brigade_bench_reports', 2);
const ids = (await db.query<{ id: string }>("SELECT id FROM locations WHERE name LIKE 'Bench %' ORDER BY name")).rows.map((r) => r.id);
const reader = <T,>(locs: string[], fn: (q: any) => Promise<T>) => db.transaction(async (q) => { await q.query('SET TRANSACTION READ ONLY'); await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`); await q.query("SELECT set_config('app.reader_locations', $1, true)", [locs.join(',')]); return fn(q); });
const fns: Record<string, (q: any, x: any) => Promise<unknown>> = { sales: R.salesReport, payments: R.paymentsReport, adjustments: R.adjustmentsReport, items: R.itemsReport, heatmap: R.heatmapReport, kitchen: R.kitchenReport, stock: R.stockReport };
for (const dirty of [false, true]) {
  if (dirty) await db.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day) SELECT id, organisation_id, '2026-11-28' FROM locations WHERE id = ANY($1)`, [ids]);
  const query = { locationIds: ids, from: '2026-10-30', to: '2026-11-28' };
  for (const [name, fn] of Object.entries(fns)) {
    const s = performance.now();
    await reader(ids, (q) => fn(q, query));
    console.log(dirty ? 'dirty' : 'clean', name, (performance.now() - s).toFixed(1));
  }
}
await R.refreshReportRollups(db, ids);
await db.close();
