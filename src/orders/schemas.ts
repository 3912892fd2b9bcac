import { z } from '@hono/zod-openapi';
import { Approval, Money, Text } from '../http/schemas.js';

export const LineInput = z.object({
  /** Client-made id: a retried add with the same line ids adds nothing twice. */
  id: z.uuid().optional(),
  itemId: z.uuid(),
  quantity: z.number().int().min(1).max(99),
  optionIds: z.array(z.uuid()).max(30).default([]),
  seat: z.number().int().min(1).max(50).nullable().optional(),
  course: z.number().int().min(1).max(9).default(1),
  notes: Text(200).nullable().optional(),
}).strict().openapi('LineInput');
export type LineInputT = z.infer<typeof LineInput>;

export const CreateOrder = z.object({
  /** Client-made UUID: repeating the same create returns the original order. */
  id: z.uuid(),
  type: z.enum(['dine_in', 'takeaway', 'delivery']),
  source: z.enum(['waiter', 'guest_qr', 'phone', 'delivery_partner']).default('waiter'),
  tableId: z.uuid().nullable().optional(),
  guestCount: z.number().int().min(1).max(100).default(1),
  customerName: Text(80).nullable().optional(),
  notes: Text(500).nullable().optional(),
  serviceChargeBp: z.number().int().min(0).max(5_000).optional(),
  lines: z.array(LineInput).max(200).default([]),
}).strict().superRefine((o, ctx) => {
  if (o.type === 'dine_in' && !o.tableId) ctx.addIssue({ code: 'custom', path: ['tableId'], message: 'A dine-in order needs a table.' });
  if (o.type !== 'dine_in' && o.tableId) ctx.addIssue({ code: 'custom', path: ['tableId'], message: 'Only dine-in orders sit at a table.' });
}).openapi('CreateOrder');
export type CreateOrderInput = z.infer<typeof CreateOrder>;

export const AddLines = z.object({ lines: z.array(LineInput).min(1).max(200) }).strict().openapi('AddLines');

export const UpdateOrder = z.object({
  guestCount: z.number().int().min(1).max(100).optional(),
  customerName: Text(80).nullable().optional(),
  notes: Text(500).nullable().optional(),
  serviceChargeBp: z.number().int().min(0).max(5_000).optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('UpdateOrder');
export type UpdateOrderInput = z.infer<typeof UpdateOrder>;

export const UpdateLine = z.object({
  quantity: z.number().int().min(1).max(99).optional(),
  seat: z.number().int().min(1).max(50).nullable().optional(),
  course: z.number().int().min(1).max(9).optional(),
  notes: Text(200).nullable().optional(),
}).strict().openapi('UpdateLine');
export type UpdateLineInput = z.infer<typeof UpdateLine>;

export const Fire = z.object({
  /** Fire one course; omit to fire everything held. */
  course: z.number().int().min(1).max(9).optional(),
  lineIds: z.array(z.uuid()).min(1).max(200).optional(),
}).strict().openapi('Fire');
export type FireInput = z.infer<typeof Fire>;

export const LineIds = z.object({ lineIds: z.array(z.uuid()).min(1).max(200) }).strict().openapi('LineIds');

/** For a fired line: put its ingredients back on the shelf (`return`) or write them off (`waste`, the default). */
const VoidStock = z.enum(['return', 'waste']);

export const VoidLine = z.object({
  reason: Text(200).optional(),
  approval: Approval.optional(),
  stock: VoidStock.optional(),
}).strict().openapi('VoidLine');

export const DiscountInput = z.object({
  /** Omit for an order discount; give a line id to discount one line. */
  lineId: z.uuid().optional(),
  kind: z.enum(['amount', 'percent']),
  /** Minor units for amount; basis points (1000 = 10 %) for percent. */
  value: z.number().int().min(1),
  reason: Text(200),
  approval: Approval.optional(),
}).strict().superRefine((d, ctx) => {
  if (d.kind === 'percent' && d.value > 10_000) ctx.addIssue({ code: 'custom', path: ['value'], message: 'A percent discount is at most 10000 basis points (100 %).' });
  if (d.kind === 'amount' && d.value > 100_000_000) ctx.addIssue({ code: 'custom', path: ['value'], message: 'That amount is too large.' });
}).openapi('Discount');
export type DiscountInputT = z.infer<typeof DiscountInput>;

export const RemoveDiscount = z.object({ lineId: z.uuid().optional(), reason: Text(200).optional() }).strict();

export const CancelOrder = z.object({ reason: Text(200), approval: Approval.optional(), stock: VoidStock.optional() }).strict().openapi('CancelOrder');
export const MoveOrder = z.object({ tableId: z.uuid() }).strict().openapi('MoveOrder');
export const MergeOrders = z.object({ sourceOrderId: z.uuid() }).strict().openapi('MergeOrders');
export const SplitOrder = z.object({
  /** Client-made id of the new order: a retried split returns the same new order. */
  newOrderId: z.uuid(),
  lineIds: z.array(z.uuid()).min(1).max(200),
  tableId: z.uuid().optional(),
}).strict().openapi('SplitOrder');

export const ListOrdersQuery = z.object({
  status: z.enum(['open', 'closed', 'all', 'created', 'sent', 'in_progress', 'served', 'completed', 'canceled']).default('open'),
  tableId: z.uuid().optional(),
  businessDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const StoredDiscount = z.object({ kind: z.enum(['amount', 'percent']), value: z.number(), reason: z.string(), staffId: z.string(), approvedBy: z.string().nullable() });

export const OrderLineView = z.object({
  id: z.string(), itemId: z.string(), name: z.string(), unitPrice: Money, optionsPrice: z.number(), quantity: z.number(),
  taxRateBp: z.number(), station: z.string(), seat: z.number().nullable(), course: z.number(), notes: z.string().nullable(),
  discount: StoredDiscount.nullable(), state: z.enum(['held', 'fired', 'ready', 'served', 'voided']),
  firedAt: z.number().nullable(), readyAt: z.number().nullable(), servedAt: z.number().nullable(), voidedAt: z.number().nullable(),
  options: z.array(z.object({ optionId: z.string(), groupId: z.string(), groupName: z.string(), name: z.string(), priceDelta: z.number() })),
  amounts: z.object({ gross: z.number(), discount: z.number(), net: z.number(), serviceCharge: z.number(), tax: z.number(), due: z.number() }),
  version: z.number(),
}).openapi('OrderLine');

export const OrderView = z.object({
  id: z.string(), number: z.number(), businessDay: z.string(),
  type: z.enum(['dine_in', 'takeaway', 'delivery']), source: z.enum(['waiter', 'guest_qr', 'phone', 'delivery_partner']),
  status: z.enum(['created', 'sent', 'in_progress', 'served', 'completed', 'canceled']),
  tableId: z.string().nullable(), guestCount: z.number(), staffId: z.string(), customerName: z.string().nullable(), notes: z.string().nullable(),
  /** The delivery platform and its reference, for an order a platform sent (issue 21); null otherwise. */
  platform: z.string().nullable(), platformRef: z.string().nullable(),
  discount: StoredDiscount.nullable(), serviceChargeBp: z.number(), taxMode: z.enum(['inclusive', 'exclusive']), currency: z.string(),
  totals: z.object({
    subtotal: z.number(), discountTotal: z.number(), serviceCharge: z.number(), taxTotal: z.number(), total: z.number(),
    paid: z.number(), tips: z.number(), refunded: z.number(), balance: z.number(),
    taxByRate: z.array(z.object({ rateBp: z.number(), base: z.number(), tax: z.number() })),
  }),
  lines: z.array(OrderLineView),
  mergedInto: z.string().nullable(),
  version: z.number(), createdAt: z.number(), updatedAt: z.number(), closedAt: z.number().nullable(),
}).openapi('Order');
export type OrderViewT = z.infer<typeof OrderView>;
