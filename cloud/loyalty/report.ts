/**
 * GET /api/reports/loyalty (issue 18), from the organisation's ledger:
 *   - liability: the points customers hold (negative balances count as zero) and what they are worth
 *     at the programme's best amount-off rate (the most a guest could take off bills with them);
 *   - points issued (earned and added by hand), redeemed (less redemptions given back by a refund),
 *     reversed and expired in the period, and the money the redemptions took off bills;
 *   - repeat-visit rate: of the customers who earned in the period, the share who earned on two or
 *     more orders;
 *   - customers by tier (rolling 12 months as of the period's end), and the open negative-balance alerts.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb } from '../db.js';
import type { Viewer } from '../auth/reader.js';
import { withOrganisation } from '../customers/erase.js';
import { TIERS, tierFor } from '../../sync/loyalty.js';
import { currentProgramme, YEAR_MS } from './balance.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;

export interface ReportQuery { from: number; to: number }

/** `from` / `to` as YYYY-MM-DD (UTC, `to` inclusive); the last 30 days by default. */
export function reportQuery(q: Record<string, string>): ReportQuery {
  for (const k of ['from', 'to'] as const) {
    if (q[k] !== undefined && (!DAY.test(q[k]!) || Number.isNaN(Date.parse(`${q[k]}T00:00:00Z`)))) {
      throw new AppError('VALIDATION_FAILED', `${k} is a day as YYYY-MM-DD.`, [{ path: k, message: 'not a day' }]);
    }
  }
  const to = q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : Date.now();
  const from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : to - 30 * DAY_MS;
  if (from >= to) throw new AppError('VALIDATION_FAILED', 'from must be before to.', [{ path: 'from', message: 'after to' }]);
  return { from, to };
}

const RECORD = `coalesce((SELECT a.customer_id FROM customer_aliases a WHERE a.organisation_id = l.organisation_id AND a.alias_id = l.customer_id), l.customer_id)`;

export async function loyaltyReport(db: CloudDb, viewer: Viewer, period: ReportQuery) {
  return withOrganisation(db, viewer.organisationId, async (q) => {
    const programme = await currentProgramme(q);
    const { rows: perRecord } = await q.query<{ record: string; points: string; rolling12: string }>(`SELECT ${RECORD} AS record, sum(points)::text AS points,
        coalesce(sum(points) FILTER (WHERE (kind = 'earn' OR (kind = 'reverse' AND reverses = 'earn')) AND created_at >= $1 AND created_at < $2), 0)::text AS rolling12
      FROM org_loyalty_ledger l WHERE organisation_id = current_setting('app.organisation_id', true) AND created_at < $2 GROUP BY 1`, [period.to - YEAR_MS, period.to]);
    const liabilityPoints = perRecord.reduce((s, r) => s + Math.max(0, Number(r.points)), 0);
    const rates = (programme?.rewards ?? []).flatMap((r) => (r.kind === 'amount' ? [r.amount / r.points] : []));
    const bestRate = rates.length > 0 ? Math.max(...rates) : 0;
    const byTier = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<string, number>;
    for (const r of perRecord) byTier[programme ? tierFor(programme.tiers, Number(r.rolling12)) : 'BRONZE']! += 1;

    const { rows: [f] } = await q.query<Record<string, string>>(`SELECT
        coalesce(sum(points) FILTER (WHERE kind = 'earn' OR (kind = 'adjust' AND points > 0)), 0)::text AS issued,
        coalesce(-sum(points) FILTER (WHERE kind = 'redeem' OR (kind = 'reverse' AND reverses = 'redeem')), 0)::text AS redeemed,
        coalesce(-sum(points) FILTER (WHERE kind = 'reverse' AND reverses = 'earn'), 0)::text AS reversed,
        coalesce(-sum(points) FILTER (WHERE kind = 'expire'), 0)::text AS expired,
        coalesce(-sum(points) FILTER (WHERE kind = 'adjust' AND points < 0), 0)::text AS taken_by_hand,
        coalesce(sum(amount) FILTER (WHERE kind = 'redeem'), 0)::text AS redeemed_amount
      FROM org_loyalty_ledger l WHERE organisation_id = current_setting('app.organisation_id', true) AND created_at >= $1 AND created_at < $2`, [period.from, period.to]);
    const { rows: [v] } = await q.query<{ visitors: string; repeat: string }>(`SELECT count(*)::text AS visitors, count(*) FILTER (WHERE orders >= 2)::text AS repeat FROM (
        SELECT ${RECORD} AS record, count(DISTINCT order_id) AS orders FROM org_loyalty_ledger l
        WHERE organisation_id = current_setting('app.organisation_id', true) AND kind = 'earn' AND created_at >= $1 AND created_at < $2 GROUP BY 1) x`, [period.from, period.to]);
    const { rows: alerts } = await q.query<{ customerId: string; points: string; raisedAt: Date }>(`SELECT customer_id AS "customerId", points::text AS points, raised_at AS "raisedAt"
      FROM loyalty_alerts WHERE organisation_id = current_setting('app.organisation_id', true) AND cleared_at IS NULL ORDER BY raised_at`);
    const visitors = Number(v!.visitors);
    return {
      period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
      programmeVersion: programme?.version ?? 0,
      liability: { points: liabilityPoints, amount: Math.floor(liabilityPoints * bestRate) },
      points: { issued: Number(f!.issued), redeemed: Number(f!.redeemed), reversed: Number(f!.reversed), expired: Number(f!.expired), takenByHand: Number(f!.taken_by_hand) },
      redeemedAmount: Number(f!.redeemed_amount),
      repeatVisits: { customers: visitors, repeat: Number(v!.repeat), rateBp: visitors === 0 ? 0 : Math.round((Number(v!.repeat) * 10_000) / visitors) },
      customersByTier: byTier,
      negativeBalances: alerts.map((a) => ({ customerId: a.customerId, points: Number(a.points), raisedAt: a.raisedAt })),
    };
  });
}
