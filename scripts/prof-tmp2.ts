import { openPostgres } from '../sync/cloud/db.js';
import { ROLLUPS } from '../sync/cloud/reports/fragments.js';
const db = openPostgres('postgres://postgres@127.0.0.1:5432/brigade_bench_reports', 2);
const ids = (await db.query<{ id: string }>("SELECT id FROM locations WHERE name LIKE 'Bench %' ORDER BY name")).rows.map((r) => r.id);
const scope = 'WITH days AS (SELECT $1::text AS location_id, unnest($2::text[]) AS business_day)';
for (const r of ROLLUPS) {
  await db.transaction(async (q) => {
    const s = performance.now();
    await q.query(`DELETE FROM ${r.table} WHERE location_id = $1 AND business_day = ANY ($2::text[])`, [ids[0], ['2026-11-28']]);
    const d = performance.now();
    const plan = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${scope} INSERT INTO ${r.table} (${r.columns.join(', ')}) SELECT * FROM (${r.fragment}) f`, [ids[0], ['2026-11-28']]);
    console.log(r.table, 'delete', (d - s).toFixed(1), 'insert', (performance.now() - d).toFixed(1));
    if (performance.now() - d > 20) console.log(plan.rows.map((x) => x['QUERY PLAN']).join('\n'));
  });
}
await db.close();
