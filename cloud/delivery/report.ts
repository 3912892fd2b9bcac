/**
 * Sales by source in the cloud (issue 21), with the box's definitions (src/reports/rules.ts
 * salesSourceOf / salesBySource): completed orders of the business days asked, by the platform
 * they came from, else `qr` for a guest's order from the table, else their type. A platform's
 * commission and delivery fee (platform_orders, joined by the box's order id its statuses carry)
 * are summed beside the sales, never in them.
 */
import type { Queryable } from '../db.js';
import type { ReportQuery } from '../reports/types.js';

export interface SourceRow { source: string; orders: number; total: number; deliveryFee: number; commission: number }

export async function salesBySourceReport(q: Queryable, query: ReportQuery): Promise<SourceRow[]> {
  const { rows } = await q.query<SourceRow>(`SELECT COALESCE(o.row->>'platform', CASE WHEN o.row->>'source' = 'guest_qr' THEN 'qr' ELSE o.row->>'type' END) AS source,
      count(*)::int AS orders, COALESCE(sum(o.total), 0)::bigint::int AS total,
      COALESCE(sum(p.delivery_fee), 0)::bigint::int AS "deliveryFee", COALESCE(sum(p.commission), 0)::bigint::int AS commission
    FROM orders o LEFT JOIN platform_orders p ON p.location_id = o.location_id AND p.box_order_id = o.id
    WHERE o.location_id = ANY($1::text[]) AND NOT o.deleted AND o.status = 'completed' AND o.business_day BETWEEN $2 AND $3
    GROUP BY 1 ORDER BY 1`, [query.locationIds, query.from, query.to]);
  return rows;
}
