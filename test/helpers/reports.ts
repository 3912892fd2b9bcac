/**
 * Reading reports in tests as the owners' dashboard does: a read-only transaction as the service
 * role with `app.reader_locations` set (what sync/cloud/auth/reader.ts withReader does, without an
 * account). `ensureReaderPolicies` adds the `reader` SELECT policy on the sync tables when the
 * accounts migration (0004, which owns it) is not in this tree.
 */
import type { CloudDb, Queryable } from '../../sync/cloud/db.js';
import { SERVICE_ROLE } from '../../sync/cloud/tenant.js';

const SYNC_TABLES = ['device_watermarks', 'sync_rejects', 'alerts', 'restaurants', 'staff', 'areas', 'dining_tables', 'categories', 'menu_items', 'option_groups', 'options',
  'item_option_groups', 'orders', 'order_lines', 'order_line_options', 'line_voids', 'payments', 'refunds', 'kitchen_tickets', 'kitchen_ticket_lines', 'ingredients',
  'recipe_lines', 'stock_movements', 'stock_alerts'];

export async function ensureReaderPolicies(db: CloudDb): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>("SELECT tablename FROM pg_policies WHERE policyname = 'reader'");
  const have = new Set(rows.map((r) => r.tablename));
  for (const t of SYNC_TABLES.filter((x) => !have.has(x))) {
    await db.query(`CREATE POLICY reader ON ${t} FOR SELECT USING (location_id = ANY (string_to_array(current_setting('app.reader_locations', true), ',')))`);
  }
}

/** Runs `fn` in a read-only transaction that sees only `locationIds` (row-level security). */
export function asReader<T>(db: CloudDb, locationIds: readonly string[], fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
    await q.query("SELECT set_config('app.reader_locations', $1, true)", [locationIds.join(',')]);
    return fn(q);
  });
}
