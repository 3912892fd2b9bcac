/**
 * One customer's data as JSON (GDPR art. 15/20, issue 18): the organisation's record, the ids
 * merged into it, each location's copy as its box synced it, and their orders with the money
 * figures. Read in one READ ONLY transaction through both walls: the organisation's (org_customers)
 * and the reader's (the locations' rows).
 */
import type { CloudDb } from '../db.js';
import type { Viewer } from '../auth/reader.js';
import { customerIds } from './erase.js';
import { withCustomerReader } from './directory.js';

export async function exportCustomer(db: CloudDb, viewer: Viewer, id: string) {
  return withCustomerReader(db, viewer, async (q) => {
    const { customerId, ids } = await customerIds(q, id);
    const record = (await q.query(`SELECT id, name, phone, email, birthday, allergies, notes, tags, addresses, marketing_consent AS "marketingConsent",
        consent_at::float8 AS "consentAt", consent_source AS "consentSource", blocked_reason AS "blockedReason", blocked_at::float8 AS "blockedAt",
        first_location_id AS "firstLocationId", created_at::float8 AS "createdAt", updated_at::float8 AS "updatedAt", erased_at AS "erasedAt"
      FROM org_customers WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1`, [customerId])).rows[0];
    const atLocations = (await q.query(`SELECT location_id AS "locationId", id, row FROM customers WHERE id = ANY($1::text[]) ORDER BY location_id, id`, [ids])).rows;
    const orders = (await q.query(`SELECT o.location_id AS "locationId", o.id, o.number, o.business_day AS "businessDay", o.status, o.total::float8 AS total,
        o.paid::float8 AS paid, o.tips::float8 AS tips, o.refunded::float8 AS refunded, o.created_at::float8 AS "createdAt", oc.customer_id AS "customerId"
      FROM order_customers oc JOIN orders o ON o.location_id = oc.location_id AND o.id = oc.id
      WHERE oc.customer_id = ANY($1::text[]) ORDER BY o.created_at`, [ids])).rows;
    return { exportedAt: new Date().toISOString(), customer: record, mergedIds: ids.filter((x) => x !== customerId), atLocations, orders };
  });
}
