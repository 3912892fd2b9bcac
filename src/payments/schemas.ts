import { z } from '@hono/zod-openapi';
import { Approval, Money, Text } from '../http/schemas.js';
import { OrderView } from '../orders/schemas.js';

export const PaymentMethod = z.enum(['cash', 'card', 'upi', 'voucher', 'other']);
/** What a stored payment may be: the methods a till takes, and `loyalty` (a reward redeemed with points, issue 18). */
export const StoredPaymentMethod = z.enum(['cash', 'card', 'upi', 'voucher', 'other', 'loyalty']);
export type StoredPaymentMethod = z.infer<typeof StoredPaymentMethod>;

export const TakePayment = z.object({
  method: PaymentMethod,
  /** Pay this much. Omit it (and `split`) to pay the whole balance. */
  amount: Money.min(1).optional(),
  split: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('items'), lineIds: z.array(z.uuid()).min(1).max(200) }).strict(),
    z.object({ kind: z.literal('seat'), seat: z.number().int().min(1).max(50) }).strict(),
    z.object({ kind: z.literal('equal'), parts: z.number().int().min(2).max(50) }).strict(),
  ]).optional(),
  tip: Money.default(0),
  /** Cash handed over; change = tendered − amount − tip. */
  tendered: Money.optional(),
  /** Card slip number, voucher code… */
  reference: Text(100).optional(),
}).strict().superRefine((p, ctx) => {
  if (p.amount !== undefined && p.split) ctx.addIssue({ code: 'custom', path: ['split'], message: 'Give either an amount or a split, not both.' });
  if (p.tendered !== undefined && p.method !== 'cash') ctx.addIssue({ code: 'custom', path: ['tendered'], message: 'Only cash has a tendered amount.' });
}).openapi('TakePayment');
export type TakePaymentInput = z.infer<typeof TakePayment>;

export const Refund = z.object({
  amount: Money.min(1),
  reason: Text(200),
  approval: Approval.optional(),
}).strict().openapi('Refund');
export type RefundInput = z.infer<typeof Refund>;

export const IdempotencyHeader = z.object({
  'idempotency-key': z.string().regex(/^[A-Za-z0-9_\-:.]{8,128}$/).openapi({ description: 'Required: 8–128 characters [A-Za-z0-9_-:.]. The same key returns the first result.' }),
});

const Allocation = z.union([
  z.object({ kind: z.literal('amount') }),
  z.object({ kind: z.literal('items'), lineIds: z.array(z.string()) }),
  z.object({ kind: z.literal('seat'), seat: z.number(), lineIds: z.array(z.string()) }),
  z.object({ kind: z.literal('equal'), parts: z.number(), part: z.number() }),
]);

export const PaymentView = z.object({
  id: z.string(), orderId: z.string(), method: StoredPaymentMethod, amount: z.number(), tip: z.number(), tendered: z.number().nullable(),
  change: z.number(), allocation: Allocation, reference: z.string().nullable(), staffId: z.string(), createdAt: z.number(), refunded: z.number(),
}).openapi('Payment');
export type PaymentViewT = z.infer<typeof PaymentView>;

export const RefundView = z.object({
  id: z.string(), paymentId: z.string(), orderId: z.string(), amount: z.number(), reason: z.string(), staffId: z.string(), approvedBy: z.string().nullable(), createdAt: z.number(),
}).openapi('RefundRecord');

export const PaymentResult = z.object({ payment: PaymentView, order: OrderView }).openapi('PaymentResult');
export const RefundResult = z.object({ refund: RefundView, payment: PaymentView, order: OrderView }).openapi('RefundResult');

/** The itemized bill as the guest sees it (GET /orders/{id}/check); the waiter app reads it too. */
export const GuestCheck = z.object({
  restaurant: z.object({ name: z.string(), currency: z.string(), taxMode: z.enum(['inclusive', 'exclusive']) }),
  order: z.object({ id: z.string(), number: z.number(), businessDay: z.string(), type: z.string(), status: z.string(), table: z.string().nullable(), server: z.string().nullable(), guestCount: z.number(), openedAt: z.number() }),
  lines: z.array(z.object({ lineId: z.string(), name: z.string(), quantity: z.number(), seat: z.number().nullable(), options: z.array(z.string()), gross: z.number(), discount: z.number(), amount: z.number() })),
  seats: z.array(z.object({ seat: z.number().nullable(), amount: z.number() })),
  subtotal: z.number(), discounts: z.number(), serviceCharge: z.number(), serviceChargeBp: z.number(),
  taxes: z.array(z.object({ rateBp: z.number(), base: z.number(), tax: z.number() })), taxIncluded: z.boolean(),
  total: z.number(),
  payments: z.array(z.object({ method: z.string(), amount: z.number(), tip: z.number(), change: z.number(), refunded: z.number() })),
  paid: z.number(), tips: z.number(), balance: z.number(),
}).openapi('GuestCheck');
export type GuestCheckT = z.infer<typeof GuestCheck>;
