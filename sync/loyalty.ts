/**
 * Loyalty (issue 18), shared by the cloud that sets the programme and folds the ledger, and the box
 * that earns and redeems: the programme document, and the two channel messages.
 *
 * - `loyalty.programme` v1: the organisation's programme, sent to every location when an owner
 *   saves it (and again on a resync: it is state). The box keeps the highest version.
 * - `loyalty.balance` v1: a customer's confirmed balance and tier after the cloud folded new ledger
 *   entries (or expired points). `seenThrough` is, for the receiving location, the highest
 *   `localSeq` of its own entries the cloud has folded: the box's pending points are its own
 *   entries above it. Only ids travel — no personal data.
 */
import { z } from 'zod';

export const LOYALTY_PROGRAMME = 'loyalty.programme';
export const LOYALTY_BALANCE = 'loyalty.balance';

export const TIERS = ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
export type Tier = (typeof TIERS)[number];

/** Most points one entry may carry (either sign): a typo of a few zeros is refused, not booked. */
export const MAX_ENTRY_POINTS = 1_000_000;

const Tier = z.object({
  name: z.enum(TIERS),
  /** Points earned over the last 12 months needed to be in this tier. */
  minPoints: z.number().int().min(0).max(100_000_000),
  /** Earning multiplier in basis points: 10000 = ×1, 15000 = ×1.5. */
  multiplierBp: z.number().int().min(10_000).max(100_000),
}).strict();

const Reward = z.discriminatedUnion('kind', [
  z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), name: z.string().trim().min(1).max(60), points: z.number().int().min(1).max(MAX_ENTRY_POINTS),
    kind: z.literal('amount'), amount: z.number().int().min(1).max(100_000_00) }).strict(),
  z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), name: z.string().trim().min(1).max(60), points: z.number().int().min(1).max(MAX_ENTRY_POINTS),
    kind: z.literal('item'), itemName: z.string().trim().min(1).max(120) }).strict(),
]);
export type Reward = z.infer<typeof Reward>;

/** The programme as an owner writes it (PUT /api/loyalty/programme). */
export const programmeInput = z.object({
  /** Points for each whole currency unit (100 minor units) the guest paid. */
  pointsPerUnit: z.number().int().min(1).max(1000),
  /** Count tax in what the guest paid (default: no — points on the net). */
  countTax: z.boolean().default(false),
  /** Count the service charge (default: no). Tips never count. */
  countServiceCharge: z.boolean().default(false),
  /** Exactly the four tiers, in order, thresholds rising, BRONZE from 0, multipliers never falling. */
  tiers: z.array(Tier).length(4),
  rewards: z.array(Reward).max(50),
  /** Points expire this many months after they were earned (oldest first); 0 = never. */
  expiryMonths: z.number().int().min(0).max(120),
  /** Most points a box may redeem for one customer before the cloud has confirmed them (offline). */
  offlineRedemptionLimit: z.number().int().min(0).max(MAX_ENTRY_POINTS),
}).strict().superRefine((p, ctx) => {
  p.tiers.forEach((t, i) => {
    if (t.name !== TIERS[i]) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `Tier ${i + 1} must be ${TIERS[i]} (the tiers are BRONZE, SILVER, GOLD, PLATINUM in that order).` });
    if (i === 0 && t.minPoints !== 0) ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'minPoints'], message: 'BRONZE starts at 0 points: every member is at least BRONZE.' });
    const before = p.tiers[i - 1];
    if (before && t.minPoints <= before.minPoints) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'minPoints'], message: `${t.name} must need more points than ${before.name}.` });
    if (before && t.multiplierBp < before.multiplierBp) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'multiplierBp'], message: `${t.name} cannot earn less than ${before.name}.` });
  });
  const ids = new Set<string>();
  p.rewards.forEach((r, i) => {
    if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rewards', i, 'id'], message: `Reward id "${r.id}" is used twice.` });
    ids.add(r.id);
  });
});
export type ProgrammeInput = z.infer<typeof programmeInput>;

export const loyaltyProgrammeV1 = z.object({ version: z.number().int().min(1), programme: programmeInput });
export type LoyaltyProgrammeV1 = z.infer<typeof loyaltyProgrammeV1>;

export const loyaltyBalanceV1 = z.object({
  /** The organisation's record (after merges). */
  customerId: z.string().min(1).max(100),
  /** The record and every id merged into it: a box applies the balance if it knows any of them. */
  ids: z.array(z.string().min(1).max(100)).min(1).max(200),
  points: z.number().int(),
  /** Points earned over the last 12 months (earns less their reversals), which set the tier. */
  rolling12: z.number().int(),
  tier: z.enum(TIERS),
  seenThrough: z.number().int().min(0),
  computedAt: z.number().int(),
});
export type LoyaltyBalanceV1 = z.infer<typeof loyaltyBalanceV1>;

/** The tier `rolling12` points reach under `tiers` (BRONZE when none). */
export function tierFor(tiers: ProgrammeInput['tiers'], rolling12: number): Tier {
  let tier: Tier = 'BRONZE';
  for (const t of tiers) if (rolling12 >= t.minPoints) tier = t.name;
  return tier;
}
