import { z } from '@hono/zod-openapi';
import { Text } from '../http/schemas.js';
import { MAX_ENTRY_POINTS, TIERS } from '../../sync/loyalty.js';
import { PaymentView } from '../payments/schemas.js';
import { OrderView } from '../orders/schemas.js';

/** What the box knows of a customer's points; null on GET /customers/{id} when no programme reached this box. */
export const CustomerLoyaltyView = z.object({
  points: z.number().int(),
  tier: z.enum(TIERS),
  /** This box's entries the cloud has not confirmed yet (already inside `points`). */
  pendingPoints: z.number().int(),
  rolling12: z.number().int(),
  /** When the cloud computed the confirmed part (null: never). */
  confirmedAt: z.number().int().nullable(),
}).openapi('CustomerLoyalty');
export type CustomerLoyaltyViewT = z.infer<typeof CustomerLoyaltyView>;

export const LoyaltyEntryView = z.object({
  id: z.string(), customerId: z.string(), kind: z.enum(['earn', 'reverse', 'redeem', 'adjust']), points: z.number().int(),
  reverses: z.enum(['earn', 'redeem']).nullable(), orderId: z.string().nullable(), paymentId: z.string().nullable(), refundId: z.string().nullable(),
  rewardId: z.string().nullable(), amount: z.number().int().nullable(), reason: z.string().nullable(), staffId: z.string().nullable(),
  approvedBy: z.string().nullable(), createdAt: z.number().int(),
}).openapi('LoyaltyEntry');

export const CustomerLoyaltyDetail = z.object({
  customerId: z.string(),
  loyalty: CustomerLoyaltyView.nullable(),
  /** This box's entries for the customer, newest first (at most 100). */
  entries: z.array(LoyaltyEntryView),
}).openapi('CustomerLoyaltyDetail');

export const Adjustment = z.object({
  /** Client-made id: a retry with the same id answers the first adjustment. */
  id: z.uuid().optional(),
  points: z.number().int().min(-MAX_ENTRY_POINTS).max(MAX_ENTRY_POINTS).refine((n) => n !== 0, 'An adjustment of 0 points changes nothing.'),
  reason: Text(200),
}).strict().openapi('LoyaltyAdjustment');
export type AdjustmentInput = z.infer<typeof Adjustment>;

export const Redemption = z.object({
  /** One of the programme's rewards (GET /loyalty/programme). */
  rewardId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'A reward id is lower-case letters, digits and dashes.'),
}).strict().openapi('LoyaltyRedemption');

export const RedemptionResult = z.object({ payment: PaymentView, order: OrderView, entry: LoyaltyEntryView, loyalty: CustomerLoyaltyView }).openapi('LoyaltyRedemptionResult');

export const ProgrammeView = z.object({ programme: z.record(z.string(), z.unknown()).nullable() }).openapi('LoyaltyProgrammeOnBox');
