import { z } from '@hono/zod-openapi';
import { Money, Text } from '../http/schemas.js';

/** The guest page's own languages (its words; the menu is shown as the restaurant wrote it). */
export const GUEST_LANGUAGES = ['en', 'fr'] as const;

/** One line from a guest's cart: the item, how many, its options, a note. Never a price. */
export const GuestLineInput = z.object({
  itemId: z.uuid(),
  quantity: z.number().int().min(1).max(20),
  optionIds: z.array(z.uuid()).max(20).default([]),
  notes: Text(200).nullable().optional(),
}).strict().openapi('GuestLineInput');
export type GuestLineInputT = z.infer<typeof GuestLineInput>;

/**
 * What a guest sends: an order, a call for the waiter, or the bill. `id` is made by the page (a
 * UUID), so a replay or a double tap is one request. The cloud's page will send the same shape.
 */
export const GuestRequestInput = z.object({
  id: z.uuid(),
  kind: z.enum(['order', 'call', 'bill']),
  lines: z.array(GuestLineInput).max(30, 'At most 30 lines in one order; ask the waiter for a bigger one.').default([]),
  notes: Text(300).nullable().optional(),
  language: z.enum(GUEST_LANGUAGES).default('en'),
}).strict().superRefine((r, ctx) => {
  if (r.kind === 'order' && r.lines.length === 0) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'An order needs at least one line.' });
  if (r.kind !== 'order' && r.lines.length > 0) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'Only an order has lines.' });
}).openapi('GuestRequestInput');
export type GuestRequestInputT = z.infer<typeof GuestRequestInput>;

export const GuestStateEnum = z.enum(['waiting', 'accepted', 'in_kitchen', 'ready', 'served', 'refused']);

const GuestLineView = z.object({ name: z.string(), quantity: z.number().int(), options: z.array(z.string()), notes: z.string().nullable(), price: z.number().int() });

/** A request as its guest sees it. */
export const GuestRequestView = z.object({
  id: z.string(),
  kind: z.enum(['order', 'call', 'bill']),
  state: GuestStateEnum,
  lines: z.array(GuestLineView),
  notes: z.string().nullable(),
  total: z.number().int(),
  currency: z.string(),
  refusedReason: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
}).openapi('GuestRequest');
export type GuestRequestViewT = z.infer<typeof GuestRequestView>;

const GuestOption = z.object({ id: z.string(), name: z.string(), priceDelta: z.number().int(), available: z.boolean() });
const GuestGroup = z.object({
  id: z.string(), name: z.string(), selection: z.enum(['single', 'multi']), required: z.boolean(), minSelect: z.number().int(), maxSelect: z.number().int(),
  options: z.array(GuestOption),
});
const GuestItem = z.object({
  id: z.string(), name: z.string(), description: z.string(), price: z.number().int(), allergens: z.array(z.string()), tags: z.array(z.string()),
  /** False when 86'd or out of stock: shown, greyed, not orderable. */
  available: z.boolean(),
  optionGroups: z.array(GuestGroup),
});

/** The page's first load: who and where, whether ordering is open, and the live menu. */
export const GuestMenu = z.object({
  restaurant: z.object({ name: z.string(), currency: z.string() }),
  table: z.object({ id: z.string(), label: z.string() }),
  ordering: z.object({ open: z.boolean(), reason: z.enum(['off', 'area', 'hours', 'not_seated']).nullable(), maxOrderTotal: z.number().int().nullable() }),
  menuVersion: z.number().int(),
  categories: z.array(z.object({ id: z.string(), name: z.string(), items: z.array(GuestItem) })),
}).openapi('GuestMenu');
export type GuestMenuT = z.infer<typeof GuestMenu>;

export const TableParam = z.object({ tableId: z.uuid().openapi({ param: { name: 'tableId', in: 'path' } }) });
export const TableRequestParams = z.object({
  tableId: z.uuid().openapi({ param: { name: 'tableId', in: 'path' } }),
  requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }),
});

/** Long-poll: answer when the state differs from `state` (the one the page shows), or after `wait` seconds. */
export const WatchQuery = z.object({
  state: GuestStateEnum.optional().openapi({ param: { name: 'state', in: 'query' } }),
  wait: z.coerce.number().int().min(0).max(25).default(0).openapi({ param: { name: 'wait', in: 'query' } }),
});

// ---------- staff side ----------

const StaffLine = z.object({
  itemId: z.string(), name: z.string(), quantity: z.number().int(), optionIds: z.array(z.string()), options: z.array(z.string()),
  notes: z.string().nullable(), price: z.number().int(), lineId: z.string().nullable(),
});

/** A guest request as the waiter sees it. */
export const StaffGuestRequest = z.object({
  id: z.string(), tableId: z.string(), tableLabel: z.string(), kind: z.enum(['order', 'call', 'bill']),
  status: z.enum(['pending', 'accepted', 'refused']), state: GuestStateEnum,
  lines: z.array(StaffLine), notes: z.string().nullable(), total: z.number().int(), currency: z.string(), language: z.string(), via: z.enum(['lan', 'cloud']),
  orderId: z.string().nullable(), refusedReason: z.string().nullable(), answeredBy: z.string().nullable(), answeredAt: z.number().int().nullable(),
  /** When the unanswered-request alert went to the manager; null: not (yet). */
  alertedAt: z.number().int().nullable(),
  /** When the guest sent it (the cloud's clock for a request through the cloud): the card's "placed 12 min ago". */
  placedAt: z.number().int(),
  /** It waited in the cloud while the box was offline: held for a waiter even with autoAccept. */
  heldAfterOutage: z.boolean(),
  version: z.number().int(), createdAt: z.number().int(), updatedAt: z.number().int(),
}).openapi('StaffGuestRequest');
export type StaffGuestRequestT = z.infer<typeof StaffGuestRequest>;

export const ListRequestsQuery = z.object({
  status: z.enum(['pending', 'accepted', 'refused', 'all']).default('pending').openapi({ param: { name: 'status', in: 'query' } }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'limit', in: 'query' } }),
});

/** Accept, with the waiter's edits if any: `lines` replaces the guest's lines (prices from the menu again). */
export const AcceptRequest = z.object({
  lines: z.array(GuestLineInput).min(1).max(30).optional(),
  notes: Text(300).nullable().optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('AcceptGuestRequest');
export type AcceptRequestT = z.infer<typeof AcceptRequest>;

export const RefuseRequest = z.object({ reason: Text(200) }).strict().openapi('RefuseGuestRequest');

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM (24 h).');
const Window = z.object({ from: Hhmm, to: Hhmm }).strict().refine((w) => w.from !== w.to, 'A window needs a start and an end that differ.');

const settingsFields = {
  enabled: z.boolean(),
  disabledAreaIds: z.array(z.uuid()).max(100),
  windows: z.array(Window).max(10),
  seatedOnly: z.boolean(),
  maxOrderTotal: Money.nullable(),
  maxOrdersPer10Min: z.number().int().min(1).max(100),
  autoAccept: z.boolean(),
  alertAfterMinutes: z.number().int().min(1).max(120),
  guestBaseUrl: z.url({ protocol: /^https?$/ }).max(200).nullable(),
};

export const GuestSettings = z.object({ ...settingsFields, version: z.number().int() }).openapi('GuestOrderingSettings');
export const GuestSettingsPatch = z.object({
  ...Object.fromEntries(Object.entries(settingsFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof settingsFields]: z.ZodOptional<(typeof settingsFields)[K]> },
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('GuestOrderingSettingsPatch');
export type GuestSettingsPatchT = z.infer<typeof GuestSettingsPatch>;

export const TableQr = z.object({
  tableId: z.string(), label: z.string(), version: z.number().int(), token: z.string(),
  /** What the QR code opens: the guest page on the box. */
  url: z.string(),
}).openapi('TableQr');

export const QrSheetQuery = z.object({
  area: z.uuid().optional().openapi({ param: { name: 'area', in: 'query' } }),
  format: z.enum(['svg', 'png']).default('svg').openapi({ param: { name: 'format', in: 'query' } }),
});
