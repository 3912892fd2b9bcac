/**
 * Erasure on request (GDPR art. 17, issue 18): one action anonymises the person everywhere. In
 * ONE transaction: the organisation's record and its aliases, every location's synced rows, and a
 * `customer.erased` message to every location (no personal data in it) — so a box offline today
 * anonymises its copy when it comes back, exactly once. Orders keep their link and their money.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE } from '../tenant.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import { CUSTOMER_ERASED } from '../../sync/customer-messages.js';
import type { Viewer } from '../auth/reader.js';

/** A transaction as the service role, scoped to the viewer's organisation (org_customers' RLS). */
export function withOrganisation<T>(db: CloudDb, organisationId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
    await q.query("SELECT set_config('app.organisation_id', $1, true)", [organisationId]);
    return fn(q);
  });
}

/** The record `id` means now (following aliases) and every id that means it; 404 when unknown. */
export async function customerIds(q: Queryable, id: string): Promise<{ customerId: string; ids: string[]; erasedAt: Date | null }> {
  const alias = (await q.query<{ customer_id: string }>("SELECT customer_id FROM customer_aliases WHERE organisation_id = current_setting('app.organisation_id', true) AND alias_id = $1", [id])).rows[0];
  const customerId = alias?.customer_id ?? id;
  const row = (await q.query<{ erased_at: Date | null }>("SELECT erased_at FROM org_customers WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1", [customerId])).rows[0];
  if (!row) throw new AppError('NOT_FOUND', `No customer with id ${id} in this organisation.`, { entity: 'customer', id });
  const aliases = (await q.query<{ alias_id: string }>("SELECT alias_id FROM customer_aliases WHERE organisation_id = current_setting('app.organisation_id', true) AND customer_id = $1 ORDER BY alias_id", [customerId])).rows;
  return { customerId, ids: [customerId, ...aliases.map((a) => a.alias_id)], erasedAt: row.erased_at };
}

export async function eraseCustomer(db: CloudDb, viewer: Viewer, id: string): Promise<{ customerId: string; ids: string[]; locations: number; alreadyErased: boolean }> {
  const out = await withOrganisation(db, viewer.organisationId, async (q) => {
    const { customerId, ids, erasedAt } = await customerIds(q, id);
    // Erasing twice (a retried click) changes nothing and sends nothing again.
    if (erasedAt) return { customerId, ids, locations: 0, alreadyErased: true };
    await q.query(`UPDATE org_customers SET name = 'Erased customer', phone = NULL, email = NULL, birthday = NULL, allergies = NULL, notes = NULL,
        tags = '[]', addresses = '[]', marketing_consent = false, consent_at = NULL, consent_source = NULL, blocked_reason = NULL, blocked_at = NULL, erased_at = now()
      WHERE organisation_id = current_setting('app.organisation_id', true) AND id = ANY($1::text[])`, [ids]);
    await q.query("INSERT INTO customer_erasures (organisation_id, customer_id, ids, requested_by) VALUES (current_setting('app.organisation_id', true), $1, $2, $3)",
      [customerId, ids, viewer.accountId]);
    for (const locationId of viewer.locationIds) {
      // appendMessage scopes the transaction to this location (RLS), so the rows below are this location's.
      await appendMessage(q, { locationId, organisationId: viewer.organisationId }, { kind: CUSTOMER_ERASED, schemaVersion: 1, payload: { customerId, ids } });
      await q.query(`UPDATE customers SET name = 'Erased customer', phone = NULL, email = NULL, erased_at = (extract(epoch from now()) * 1000)::bigint,
          row = jsonb_build_object('id', id, 'name', 'Erased customer', 'erasedAt', (extract(epoch from now()) * 1000)::bigint, 'version', version)
        WHERE location_id = $1 AND id = ANY($2::text[])`, [locationId, ids]);
    }
    return { customerId, ids, locations: viewer.locationIds.length, alreadyErased: false };
  });
  if (out.locations > 0) notifyCommitted(db, viewer.locationIds);
  return out;
}
