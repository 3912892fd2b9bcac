import { z } from '@hono/zod-openapi';

const CountAmount = { count: z.number().int(), amount: z.number().int() };
const Breakdown = z.object({
  ...CountAmount,
  byStaff: z.array(z.object({ staffId: z.string(), ...CountAmount })),
  byReason: z.array(z.object({ reason: z.string(), ...CountAmount })),
});

/** The figures of a business day (reports/rules.ts): money in minor units. */
export const DayFiguresView = z.object({
  businessDay: z.string(),
  orders: z.number().int(), covers: z.number().int(),
  gross: z.number().int(), discounts: z.number().int(), net: z.number().int(), serviceCharge: z.number().int(), tax: z.number().int(), total: z.number().int(),
  taxes: z.array(z.object({ rateBp: z.number().int(), base: z.number().int(), tax: z.number().int() })),
  payments: z.array(z.object({ method: z.string(), ...CountAmount })),
  tips: z.number().int(),
  refunds: Breakdown,
  voids: Breakdown,
  /** Sales by source (issue 21): dine_in, takeaway, delivery, qr, or a platform; commission and delivery fee beside, not in, the sales. */
  bySource: z.array(z.object({ source: z.string(), orders: z.number().int(), total: z.number().int(), deliveryFee: z.number().int(), commission: z.number().int() })).optional(),
  /** Z only: orders the automatic Z carried into the next business day, renumbered there. */
  carriedOver: z.array(z.object({
    orderId: z.string(), fromNumber: z.number().int(), toNumber: z.number().int(), toDay: z.string(), total: z.number().int(), paid: z.number().int(),
  })).optional(),
}).openapi('DayFigures');

export const XReportView = z.object({
  kind: z.literal('x'),
  businessDay: z.string(),
  generatedAt: z.number().int(),
  totals: DayFiguresView,
  /** Orders still open now (of this day or earlier): how many, and what they add up to (total and still to pay). */
  openOrders: z.object({ count: z.number().int(), amount: z.number().int(), balance: z.number().int(), numbers: z.array(z.number().int()) }),
}).openapi('XReport');
export type XReportViewT = z.infer<typeof XReportView>;

export const ZReportView = z.object({
  id: z.string(),
  number: z.number().int(),
  businessDay: z.string(),
  closedAt: z.number().int(),
  closedBy: z.string().nullable(),
  totals: DayFiguresView,
}).openapi('ZReport');
export type ZReportViewT = z.infer<typeof ZReportView>;

export const ZCloseResult = ZReportView.extend({
  /** The job printing it on the receipt printer, or null when none is configured. */
  printJobId: z.string().nullable(),
}).openapi('ZCloseResult');
export type ZCloseResultT = z.infer<typeof ZCloseResult>;

export const ZNumberParam = z.object({
  number: z.coerce.number().int('A Z number is a whole number.').min(1, 'Z numbers start at 1.').max(1_000_000).openapi({ param: { name: 'number', in: 'path' }, example: 1 }),
});

export const ListZQuery = z.object({
  /** Only Zs of business days from this one ('YYYY-MM-DD'). */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A business day is YYYY-MM-DD.').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A business day is YYYY-MM-DD.').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListZQueryT = z.infer<typeof ListZQuery>;
