/**
 * The ingest hook of the reports (one statement per batch, in the batch's own transaction): the
 * (location, business day) pairs whose report rollups the batch may change are marked dirty, so a
 * reader computes them from the source rows until a refresh rebuilds them. The day of a change is
 * in its row image (orders, stock movements; payments, refunds and voids since issue 7) or is its
 * order's (order lines, kitchen tickets, older ledger rows): those are looked up in the same
 * statement, after the batch's rows were written.
 */
import type { Queryable } from '../db.js';

/** What the hook needs of a change (a subset of protocol.ts's Change). */
export interface DirtyChange {
  entity: string;
  row: Record<string, unknown>;
}

/** Entities whose own row image says its business day. */
const OWN_DAY = new Set(['order', 'stock_movement', 'payment', 'refund', 'line_void']);
/** Entities that belong to their order's business day (or fall back to it). */
const ORDER_DAY = new Set(['order_line', 'kitchen_ticket', 'payment', 'refund', 'line_void']);

/** Marks the days `changes` touch; call it after the batch's rows are written. */
export async function markReportDays(q: Queryable, tenant: { locationId: string; organisationId: string }, changes: readonly DirtyChange[]): Promise<void> {
  const days = new Set<string>();
  const orderIds = new Set<string>();
  for (const c of changes) {
    const day = c.row.businessDay;
    if (OWN_DAY.has(c.entity) && typeof day === 'string' && day !== '') days.add(day);
    else if (ORDER_DAY.has(c.entity) && typeof c.row.orderId === 'string') orderIds.add(c.row.orderId);
  }
  if (days.size === 0 && orderIds.size === 0) return;
  await q.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day)
    SELECT $1, $2, day FROM (
      SELECT unnest($3::text[]) AS day
      UNION SELECT business_day FROM orders WHERE location_id = $1 AND id = ANY ($4::text[]) AND business_day IS NOT NULL
    ) d`, [tenant.locationId, tenant.organisationId, [...days], [...orderIds]]);
}
