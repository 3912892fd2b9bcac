/**
 * Folds a batch's loyalty entries into the organisation's ledger (issue 18), inside the ingest
 * transaction, after the batch's rows (and its customers, cloud/customers/resolve.ts) are written:
 * each entry lands once (its id is the box's), onto the record its customer id means now. Then
 * every location gets the touched customers' confirmed balances in this same transaction, and a
 * balance that went below zero — two locations redeemed offline — is recorded for the owner
 * (loyalty_alerts, and an `alerts` row for the location whose sync revealed it). Nothing is refused:
 * the sale happened.
 *
 * Takes the organisation's customer lock (the same as the merge), so a fold never interleaves
 * with a merge of the same people.
 */
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';
import { recordOf, sendBalances } from './balance.js';

export interface EntryImage {
  id: string; customerId: string; kind: string; points: number; reverses: string | null; localSeq: number; orderId: string | null;
  rewardId: string | null; amount: number | null; businessDay: string | null; createdAt: number;
}

export interface FoldContext { tenant: Tenant; organisationLocations: readonly string[]; now: number }

/** Returns the locations whose channel got messages (wake them after COMMIT). */
export async function foldLoyalty(q: Queryable, ctx: FoldContext, images: readonly EntryImage[]): Promise<string[]> {
  if (images.length === 0) return [];
  const { tenant } = ctx;
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`customers:${tenant.organisationId}`]);
  await q.query("SELECT set_config('app.organisation_id', $1, true)", [tenant.organisationId]);
  const touched: string[] = [];
  for (const e of images) {
    const customerId = await recordOf(q, e.customerId);
    const r = await q.query(`INSERT INTO org_loyalty_ledger (organisation_id, id, location_id, customer_id, kind, reverses, points, local_seq, order_id, reward_id, amount, business_day, created_at)
      VALUES (current_setting('app.organisation_id', true), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (organisation_id, id) DO NOTHING`,
    [e.id, tenant.locationId, customerId, e.kind, e.reverses ?? null, e.points, e.localSeq, e.orderId ?? null, e.rewardId ?? null, e.amount ?? null, e.businessDay ?? null, e.createdAt]);
    if (r.rowCount > 0) touched.push(customerId);
  }
  if (touched.length === 0) return [];
  const { negative } = await sendBalances(q, { organisationId: tenant.organisationId, locations: ctx.organisationLocations, now: ctx.now }, touched);
  // appendMessage left the transaction scoped to the last location: back to the box's own (alerts, watermark).
  await q.query("SELECT set_config('app.location_id', $1, true)", [tenant.locationId]);
  for (const n of negative.filter((x) => x.raised)) {
    await q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'loyalty.negative', $2, $3)`,
      [tenant.locationId, `A guest's loyalty balance went below zero (${n.points} points) after offline redemptions synced; no sale was refused. See the loyalty report.`,
        JSON.stringify({ customerId: n.customerId, points: n.points })]);
  }
  return [...ctx.organisationLocations];
}

/**
 * A batch's customers may have just been merged into a record that holds points (a guest who
 * earned at A is created again at B): every location gets that record's balance, after the
 * `customer.merged` message of this same transaction, so B shows the points A gave.
 */
export async function balancesAfterMerge(q: Queryable, ctx: FoldContext, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const { tenant } = ctx;
  await q.query("SELECT set_config('app.organisation_id', $1, true)", [tenant.organisationId]);
  const records: string[] = [];
  for (const id of new Set(customerIds)) {
    const record = await recordOf(q, id);
    if (record === id) continue;
    const { rows } = await q.query(`SELECT 1 FROM org_loyalty_ledger WHERE organisation_id = current_setting('app.organisation_id', true)
      AND customer_id IN (SELECT $1 UNION SELECT alias_id FROM customer_aliases WHERE organisation_id = current_setting('app.organisation_id', true) AND customer_id = $1) LIMIT 1`, [record]);
    if (rows.length > 0) records.push(record);
  }
  if (records.length === 0) return [];
  await sendBalances(q, { organisationId: tenant.organisationId, locations: ctx.organisationLocations, now: ctx.now }, records);
  await q.query("SELECT set_config('app.location_id', $1, true)", [tenant.locationId]);
  return [...ctx.organisationLocations];
}
