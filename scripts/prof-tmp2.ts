import { openPostgres } from '../sync/cloud/db.js';
import { SERVICE_ROLE } from '../sync/cloud/tenant.js';
import { paramsOf, sourceOf, DIRTY_DAYS } from '../sync/cloud/reports/read.js';
import { KITCHEN as PAYMENTS } from '../sync/cloud/reports/fragments.js';
const db = openPostgres('postgres://postgres@127.0.0.1:5432/brigade_bench_reports', 2);
const ids = (await db.query<{ id: string }>("SELECT id FROM locations WHERE name LIKE 'Bench %' ORDER BY name")).rows.map((r) => r.id);
await db.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day) SELECT id, organisation_id, '2026-11-28' FROM locations WHERE id = ANY($1)`, [ids]);
const p = paramsOf({ locationIds: ids, from: '2026-10-30', to: '2026-11-28' });
await db.transaction(async (q) => {
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.reader_locations', $1, true)", [ids.join(',')]);
  const plan = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE WITH ${DIRTY_DAYS} SELECT count(*) FROM ${sourceOf(PAYMENTS)} s`, p.values);
  console.log(plan.rows.map((x) => x['QUERY PLAN']).join('\n'));
});
await db.close();
