import { eq } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { diningTables, staff } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { loadOrder, orderView } from '../orders/store.js';
import type { PaymentViewT } from './schemas.js';

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

/** The itemized bill as the guest sees it (printing comes with the printers issue). Voided lines are left off. */
export function buildGuestCheck(db: DbLike, orderId: string, payments: readonly PaymentViewT[]): GuestCheckT {
  const view = orderView(loadOrder(db, orderId));
  const restaurant = loadRestaurant(db);
  const table = view.tableId ? db.select({ label: diningTables.label }).from(diningTables).where(eq(diningTables.id, view.tableId)).get() : undefined;
  const server = db.select({ name: staff.name }).from(staff).where(eq(staff.id, view.staffId)).get();
  const lines = view.lines.filter((l) => l.state !== 'voided');
  const seats = new Map<number | null, number>();
  for (const l of lines) seats.set(l.seat, (seats.get(l.seat) ?? 0) + l.amounts.due);
  return {
    restaurant: { name: restaurant.name, currency: restaurant.currency, taxMode: restaurant.taxMode },
    order: { id: view.id, number: view.number, businessDay: view.businessDay, type: view.type, status: view.status, table: table?.label ?? null, server: server?.name ?? null, guestCount: view.guestCount, openedAt: view.createdAt },
    lines: lines.map((l) => ({ lineId: l.id, name: l.name, quantity: l.quantity, seat: l.seat, options: l.options.map((o) => o.name), gross: l.amounts.gross, discount: l.amounts.discount, amount: l.amounts.net })),
    seats: [...seats.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([seat, amount]) => ({ seat, amount })),
    subtotal: view.totals.subtotal, discounts: view.totals.discountTotal, serviceCharge: view.totals.serviceCharge, serviceChargeBp: view.serviceChargeBp,
    taxes: view.totals.taxByRate, taxIncluded: view.taxMode === 'inclusive', total: view.totals.total,
    payments: payments.map((p) => ({ method: p.method, amount: p.amount, tip: p.tip, change: p.change, refunded: p.refunded })),
    paid: view.totals.paid, tips: view.totals.tips, balance: view.totals.balance,
  };
}
