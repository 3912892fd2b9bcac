/** The loyalty lines of a printed receipt (issue 18): what this order earned and redeemed, and the balance after. */
import { eq } from 'drizzle-orm';
import { loyaltyEntries, orderCustomers } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { resolveCustomer } from '../customers/store.js';
import { knownBalance, loadProgramme } from './store.js';

export interface ReceiptLoyalty { earned: number; redeemed: number; balance: number; tier: string }

/** Null when no programme reached the box or no customer is attached. */
export function receiptLoyalty(tx: DbLike, orderId: string): ReceiptLoyalty | null {
  const programme = loadProgramme(tx);
  const link = programme && tx.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
  if (!programme || !link?.customerId) return null;
  const customer = resolveCustomer(tx, link.customerId);
  if (customer.erasedAt !== null) return null;
  const entries = tx.select().from(loyaltyEntries).where(eq(loyaltyEntries.orderId, orderId)).all();
  const sum = (f: (e: typeof entries[number]) => boolean) => entries.filter(f).reduce((s, e) => s + e.points, 0);
  const b = knownBalance(tx, programme, customer.id);
  return {
    earned: sum((e) => e.kind === 'earn' || (e.kind === 'reverse' && e.reverses === 'earn')),
    redeemed: -sum((e) => e.kind === 'redeem' || (e.kind === 'reverse' && e.reverses === 'redeem')),
    balance: b.points, tier: b.tier,
  };
}
