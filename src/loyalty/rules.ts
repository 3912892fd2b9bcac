/**
 * Loyalty arithmetic, pure (issue 18). The money rule — what counts toward points:
 *
 *   basis = what the order came to, net of every discount, without tips (never), without tax and
 *           without the service charge unless the programme counts them (`countTax`,
 *           `countServiceCharge`), times the share of the bill the guest paid with money: the part
 *           paid with points (method `loyalty`) earns nothing.
 *   points = floor(basis × pointsPerUnit / 100 × tier multiplier), per order, at close.
 *
 * A refund takes back the refunded share of the order's earned points (refunded money over the
 * money paid, tips included in both, since a refund can include the tip); a refunded loyalty
 * payment gives back the same share of the points it redeemed. Reversals are cumulative targets,
 * so several partial refunds never take back more than was earned.
 */
import { tierFor, type ProgrammeInput, type Tier } from '../../sync/loyalty.js';

export interface OrderMoney { total: number; serviceCharge: number; taxTotal: number }

/** The part of the order that earns points, in minor units. */
export function earnBasis(order: OrderMoney, paidWithPoints: number, p: Pick<ProgrammeInput, 'countTax' | 'countServiceCharge'>): number {
  if (order.total <= 0) return 0;
  const counted = order.total - (p.countServiceCharge ? 0 : order.serviceCharge) - (p.countTax ? 0 : order.taxTotal);
  const paidWithMoney = Math.max(0, order.total - paidWithPoints);
  return Math.max(0, Math.floor((counted * paidWithMoney) / order.total));
}

export function multiplierOf(p: Pick<ProgrammeInput, 'tiers'>, tier: Tier): number {
  return p.tiers.find((t) => t.name === tier)?.multiplierBp ?? 10_000;
}

/** Points for `basis` minor units at `tier`. */
export function pointsFor(basis: number, p: Pick<ProgrammeInput, 'pointsPerUnit' | 'tiers'>, tier: Tier): number {
  return Math.floor((basis * p.pointsPerUnit * multiplierOf(p, tier)) / 1_000_000);
}

/** How many points a reversal must take now so that `share` (refunded / paid) of `points` is reversed in all. */
export function reversalDue(points: number, refunded: number, paid: number, alreadyReversed: number): number {
  if (points <= 0 || paid <= 0) return 0;
  const target = Math.round((points * Math.min(refunded, paid)) / paid);
  return Math.max(0, target - alreadyReversed);
}

export interface KnownBalance { confirmed: number; pending: number; unconfirmedRedeemed: number }

export type RedeemDecision = { ok: true } | { ok: false; code: 'LOYALTY_INSUFFICIENT_POINTS' | 'LOYALTY_OFFLINE_LIMIT'; message: string; details: Record<string, number> };

/**
 * May the box redeem `points` now? Never more than the balance it knows (confirmed + its own
 * pending entries), and never more than `limit` points of redemptions the cloud has not confirmed
 * yet: a box cannot tell "online" from "the cloud has not answered yet", so every unconfirmed
 * redemption counts as offline. Two locations offline together can overspend a customer by at
 * most the limit each, and nothing more.
 */
export function decideRedeem(points: number, b: KnownBalance, limit: number): RedeemDecision {
  const available = b.confirmed + b.pending;
  if (points > available) {
    return { ok: false, code: 'LOYALTY_INSUFFICIENT_POINTS', message: `This reward needs ${points} points; the guest has ${Math.max(0, available)}.`, details: { needed: points, available } };
  }
  if (b.unconfirmedRedeemed + points > limit) {
    return { ok: false, code: 'LOYALTY_OFFLINE_LIMIT', message: `The cloud has not confirmed this guest's last redemptions yet; until it does, this box may redeem at most ${limit} points for them (${b.unconfirmedRedeemed} used). Try again once the box is back online.`,
      details: { limit, unconfirmed: b.unconfirmedRedeemed, needed: points } };
  }
  return { ok: true };
}

export { tierFor };
