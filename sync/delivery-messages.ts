/**
 * Delivery platforms (issue 21), shared by the cloud and the box.
 *
 * Down the channel — `delivery.order` v1: an order a platform sent to the cloud, verified, made
 * idempotent on the platform's order id and mapped to this location's menu by external id (PLU).
 * A line whose `itemId` is null (or an option whose `optionId` is null) was not mapped: the box
 * keeps it on the order's delivery record and holds the order for a person, never drops it.
 * `respondBy`: after it, the cloud has already told the platform the order was refused (the box
 * was offline, or nobody accepted it), so a box applying it later makes no kitchen ticket.
 *
 * Down the channel — `delivery.cancel` v1: the platform cancelled an order (the guest, the
 * platform's support); the box voids what the kitchen has and records the reason.
 *
 * Up the sync push — entity `delivery_status` (a fact): what the box did with the order (accepted
 * with a prep time, rejected with a reason, ready for pickup, picked up, cancelled by the restaurant
 * after accepting). The cloud queues each
 * one for the platform in its outbox (cloud/delivery/outbox.ts).
 */
import { z } from 'zod';

export const DELIVERY_ORDER = 'delivery.order';
export const DELIVERY_CANCEL = 'delivery.cancel';

/** Where a platform name may appear (URL, column, file name): lower-case letters, digits, underscore. */
export const PLATFORM_NAME = /^[a-z][a-z0-9_]{1,31}$/;

export const DELIVERY_STATUSES = ['accepted', 'rejected', 'ready', 'picked_up', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why a box (or the cloud) refuses an order; the platform adapters translate these. */
export const REJECT_REASONS = ['item_unavailable', 'kitchen_paused', 'box_offline', 'not_accepted_in_time', 'closed', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const Money = z.number().int().min(-100_000_000).max(100_000_000);
const Short = (n: number) => z.string().max(n);

export const deliveryOption = z.object({
  externalId: Short(100),
  name: Short(200),
  quantity: z.number().int().min(1).max(99),
  unitPrice: Money,
  optionId: z.string().max(100).nullable(),
});

export const deliveryLine = z.object({
  externalId: Short(100),
  name: Short(200),
  quantity: z.number().int().min(1).max(99),
  unitPrice: Money,
  itemId: z.string().max(100).nullable(),
  options: z.array(deliveryOption).max(30),
  notes: Short(200).nullable(),
});
export type DeliveryLine = z.infer<typeof deliveryLine>;

export const deliveryTotals = z.object({
  currency: Short(3),
  /** What the guest paid for the food (the platform's figure). */
  subtotal: Money,
  /** Charged to the guest for the delivery: not a sale of the restaurant. */
  deliveryFee: Money,
  /** The platform's cut: not a sale, and not a discount either; reports show it apart. */
  commission: Money,
  /** What the guest paid the platform in all. */
  total: Money,
});
export type DeliveryTotals = z.infer<typeof deliveryTotals>;

export const deliveryOrderV1 = z.object({
  /** The cloud's id for this platform order (also the message id). */
  id: z.string().min(1).max(100),
  platform: z.string().regex(PLATFORM_NAME),
  platformOrderId: z.string().min(1).max(200),
  /** The short reference the rider and the guest quote ("#A12B"). */
  displayRef: z.string().min(1).max(64),
  autoAccept: z.boolean(),
  prepMinutes: z.number().int().min(1).max(240),
  placedAt: z.number().int(),
  respondBy: z.number().int(),
  customer: z.object({ name: Short(120), phone: Short(40).nullable() }),
  delivery: z.object({
    /** The platform's rider, the restaurant's own courier, or the guest collecting. */
    mode: z.enum(['platform', 'restaurant', 'pickup']),
    address: Short(500).nullable(),
    notes: Short(500).nullable(),
  }),
  lines: z.array(deliveryLine).min(1).max(200),
  totals: deliveryTotals,
  notes: Short(500).nullable(),
});
export type DeliveryOrderV1 = z.infer<typeof deliveryOrderV1>;

/** The `delivery_status` row the box pushes up. */
export const deliveryStatusImage = z.object({
  id: z.string(),
  deliveryOrderId: z.string(),
  /** The till's order (null when refused before one was made): the cloud's reports join the platform's money to it. */
  orderId: z.string().nullable().default(null),
  platform: z.string(),
  platformOrderId: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  reason: z.enum(REJECT_REASONS).nullable(),
  prepMinutes: z.number().int().nullable(),
  /** A restaurant's cancellation in the till's words (null otherwise). */
  note: z.string().max(300).nullable().default(null),
  createdAt: z.number().int(),
});
export type DeliveryStatusImage = z.infer<typeof deliveryStatusImage>;

/** `delivery.cancel` v1: the platform cancelled this order; `reason` is the platform's words (or code). */
export const deliveryCancelV1 = z.object({
  /** The cloud's id for the cancellation (also the message id). */
  id: z.string().min(1).max(100),
  platform: z.string().regex(PLATFORM_NAME),
  platformOrderId: z.string().min(1).max(200),
  reason: Short(300).nullable(),
  cancelledAt: z.number().int(),
});
export type DeliveryCancelV1 = z.infer<typeof deliveryCancelV1>;
