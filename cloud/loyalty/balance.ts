/**
 * A customer's balance in the cloud (issue 18): always a sum of the organisation's ledger over the
 * record and every id merged into it — there is no balance column to update. After a fold or an
 * expiry, each location of the organisation gets `loyalty.balance` in the same transaction.
 */
import type { Queryable } from '../db.js';
import { appendMessage } from '../channel/log.js';
import { LOYALTY_BALANCE, tierFor, type LoyaltyBalanceV1, type ProgrammeInput } from '../../sync/loyalty.js';

const ORG = "current_setting('app.organisation_id', true)";
export const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The organisation's programme (null: none set yet). Needs the organisation scope. */
export async function currentProgramme(q: Queryable): Promise<(ProgrammeInput & { version: number }) | null> {
  const row = (await q.query<{ version: number; document: ProgrammeInput }>(`SELECT version, document FROM loyalty_programmes WHERE organisation_id = ${ORG}`)).rows[0];
  return row ? { ...row.document, version: row.version } : null;
}

/** The record an id means now (following a merge's alias). */
export async function recordOf(q: Queryable, id: string): Promise<string> {
  const { rows } = await q.query<{ customer_id: string }>(`SELECT customer_id FROM customer_aliases WHERE organisation_id = ${ORG} AND alias_id = $1`, [id]);
  return rows[0]?.customer_id ?? id;
}

export async function idsOfRecord(q: Queryable, customerId: string): Promise<string[]> {
  const { rows } = await q.query<{ alias_id: string }>(`SELECT alias_id FROM customer_aliases WHERE organisation_id = ${ORG} AND customer_id = $1 ORDER BY alias_id`, [customerId]);
  return [customerId, ...rows.map((r) => r.alias_id)];
}

export interface Balance { points: number; rolling12: number; earnedSince: number }

/** Sum of the ledger over these ids; `rolling12` counts earns (less their reversals) of the last 12 months; `earnedSince` every gain (earned, added, given back) since `since`. */
export async function balanceOf(q: Queryable, ids: readonly string[], now: number, since = now): Promise<Balance> {
  const { rows } = await q.query<{ points: string; rolling12: string; earned_since: string }>(`SELECT coalesce(sum(points), 0)::text AS points,
      coalesce(sum(points) FILTER (WHERE (kind = 'earn' OR (kind = 'reverse' AND reverses = 'earn')) AND created_at >= $2), 0)::text AS rolling12,
      coalesce(sum(points) FILTER (WHERE points > 0 AND created_at >= $3), 0)::text AS earned_since
    FROM org_loyalty_ledger WHERE organisation_id = ${ORG} AND customer_id = ANY($1::text[])`, [ids, now - YEAR_MS, since]);
  const r = rows[0]!;
  return { points: Number(r.points), rolling12: Number(r.rolling12), earnedSince: Number(r.earned_since) };
}

/** Records (or clears) the owner's alert for a balance below zero. Returns true when newly raised. */
async function watchNegative(q: Queryable, customerId: string, points: number): Promise<boolean> {
  const open = (await q.query(`SELECT 1 FROM loyalty_alerts WHERE organisation_id = ${ORG} AND customer_id = $1 AND cleared_at IS NULL`, [customerId])).rows.length > 0;
  if (points >= 0 || open) {
    if (open) await q.query(`UPDATE loyalty_alerts SET points = $2::bigint, updated_at = now(), cleared_at = CASE WHEN $2::bigint >= 0 THEN now() END
      WHERE organisation_id = ${ORG} AND customer_id = $1`, [customerId, points]);
    return false;
  }
  await q.query(`INSERT INTO loyalty_alerts (organisation_id, customer_id, points) VALUES (${ORG}, $1, $2)
    ON CONFLICT (organisation_id, customer_id) DO UPDATE SET points = excluded.points, raised_at = now(), updated_at = now(), cleared_at = NULL`, [customerId, points]);
  return true;
}

export interface SendContext { organisationId: string; locations: readonly string[]; now: number }

/**
 * Computes each record's balance and tier, raises the negative-balance alert where due, and sends
 * `loyalty.balance` to every location (each with its own `seenThrough`). Leaves the transaction
 * scoped to the last location written to: callers reset their own scope after.
 */
export async function sendBalances(q: Queryable, ctx: SendContext, customerIds: readonly string[]): Promise<{ negative: Array<{ customerId: string; points: number; raised: boolean }> }> {
  const programme = await currentProgramme(q);
  const { rows: seen } = await q.query<{ location_id: string; seen: string }>(`SELECT location_id, max(local_seq)::text AS seen FROM org_loyalty_ledger
    WHERE organisation_id = ${ORG} AND location_id IS NOT NULL GROUP BY location_id`);
  const seenBy = new Map(seen.map((r) => [r.location_id, Number(r.seen)]));
  const payloads: LoyaltyBalanceV1[] = [];
  const negative: Array<{ customerId: string; points: number; raised: boolean }> = [];
  for (const customerId of new Set(customerIds)) {
    const ids = await idsOfRecord(q, customerId);
    const b = await balanceOf(q, ids, ctx.now);
    const raised = await watchNegative(q, customerId, b.points);
    if (b.points < 0) negative.push({ customerId, points: b.points, raised });
    payloads.push({ customerId, ids, points: b.points, rolling12: b.rolling12, tier: programme ? tierFor(programme.tiers, b.rolling12) : 'BRONZE', seenThrough: 0, computedAt: ctx.now });
  }
  for (const locationId of ctx.locations) {
    for (const p of payloads) {
      await appendMessage(q, { locationId, organisationId: ctx.organisationId }, { kind: LOYALTY_BALANCE, schemaVersion: 1, payload: { ...p, seenThrough: seenBy.get(locationId) ?? 0 } });
    }
  }
  return { negative };
}

