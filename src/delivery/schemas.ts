import { z } from '@hono/zod-openapi';
import { REJECT_REASONS } from '../../sync/delivery-messages.js';

const PrepMinutes = z.number().int().min(1, 'At least 1 minute.').max(240, 'At most 240 minutes.');

const Line = z.object({
  externalId: z.string(), name: z.string(), quantity: z.number(), unitPrice: z.number(), itemId: z.string().nullable(),
  options: z.array(z.object({ externalId: z.string(), name: z.string(), quantity: z.number(), unitPrice: z.number(), optionId: z.string().nullable() })),
  notes: z.string().nullable(),
});

export const DeliveryOrder = z.object({
  id: z.string(), platform: z.string(), platformOrderId: z.string(), displayRef: z.string(), orderId: z.string().nullable(),
  state: z.enum(['pending', 'accepted', 'rejected', 'ready', 'picked_up', 'expired', 'cancelled']), rejectReason: z.string().nullable(),
  /** Cancelled after it came in — by the platform, or at the till — with the reason and the state it was in then (`picked_up`: recorded only). */
  cancellation: z.object({ by: z.enum(['platform', 'restaurant']), reason: z.string().nullable(), at: z.number(), when: z.string().nullable() }).nullable(),
  /** True when a line matched nothing on the menu: a person must look before it is cooked. */
  flagged: z.boolean(), unmapped: z.array(Line), lines: z.array(Line),
  customer: z.object({ name: z.string(), phone: z.string().nullable() }),
  delivery: z.object({ mode: z.enum(['platform', 'restaurant', 'pickup']), address: z.string().nullable(), notes: z.string().nullable() }),
  totals: z.object({ currency: z.string(), subtotal: z.number(), deliveryFee: z.number(), commission: z.number(), total: z.number() }),
  autoAccept: z.boolean(), prepMinutes: z.number(), placedAt: z.number(), respondBy: z.number(),
  version: z.number(), createdAt: z.number(), updatedAt: z.number(),
}).openapi('DeliveryOrder');

export const DeliveryList = z.object({ orders: z.array(DeliveryOrder) }).openapi('DeliveryOrders');

export const ListDeliveriesQuery = z.object({
  state: z.enum(['open', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AcceptDelivery = z.object({ prepMinutes: PrepMinutes.optional() }).strict().openapi('AcceptDelivery');
export const RejectDelivery = z.object({ reason: z.enum(REJECT_REASONS).default('other') }).strict().openapi('RejectDelivery');

export const KitchenState = z.object({
  paused: z.boolean(), pausedReason: z.string().nullable(), pausedAt: z.number().nullable(), pausedBy: z.string().nullable(),
  /** The prep time quoted to platforms (null: each platform's setting from the cloud). */
  prepMinutes: z.number().nullable(),
}).openapi('KitchenState');

export const SetKitchenState = z.object({
  paused: z.boolean().optional(),
  reason: z.string().trim().max(200, 'At most 200 characters.').nullable().optional(),
  prepMinutes: PrepMinutes.nullable().optional(),
}).strict().openapi('SetKitchenState');
export type SetKitchenStateInput = z.infer<typeof SetKitchenState>;
