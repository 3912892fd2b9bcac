import { eq } from 'drizzle-orm';
import { diningTables, staff } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { loadOrder, orderView } from '../orders/store.js';
import type { GuestCheckT, PaymentViewT } from './schemas.js';

export { GuestCheck, type GuestCheckT } from './schemas.js';

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
