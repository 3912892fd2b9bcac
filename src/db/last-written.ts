import type Database from 'better-sqlite3';

/**
 * The newest time the box has written (audit entries, orders, payments): the floor of its clock at
 * start (lib/steady-clock.ts), so a box that boots with its wall clock behind never writes times
 * earlier than ones it already has. 0 for a new database. Read once at start; a table scan of
 * orders is a few milliseconds even for a year of service.
 */
export function lastWrittenAt(client: Database.Database): number {
  const row = client.prepare(`select max(t) as t from (
      select max(at) as t from audit_log
      union all select max(updated_at) from orders
      union all select max(created_at) from payments)`).get() as { t: number | null } | undefined;
  return row?.t ?? 0;
}
