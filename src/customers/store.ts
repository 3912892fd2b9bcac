/**
 * Reading and writing customer rows inside a command: the row ↔ view mapping, the image the cloud
 * gets (every field but the box's own search columns), and the lookup that follows a merge.
 */
import { eq, sql } from 'drizzle-orm';
import { customers } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import type { CustomerView } from './schemas.js';

export type CustomerRow = typeof customers.$inferSelect;

export function customerView(row: CustomerRow): CustomerView {
  return {
    id: row.id, name: row.name, phone: row.phone, email: row.email, birthday: row.birthday, allergies: row.allergies, notes: row.notes,
    tags: row.tags, addresses: row.addresses,
    marketingConsent: { given: row.marketingConsent, at: row.consentAt, source: row.consentSource },
    blocked: row.blockedReason ? { reason: row.blockedReason, at: row.blockedAt } : null,
    mergedInto: row.mergedInto, erased: row.erasedAt !== null,
    version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/** The row image for the change log (architecture §6): the search columns are the box's own business. */
export function customerImage(row: CustomerRow): Record<string, unknown> {
  const { searchId: _s, phoneSearch: _p, ...image } = row;
  return image;
}

export function findCustomer(tx: DbLike, id: string): CustomerRow | undefined {
  return tx.select().from(customers).where(eq(customers.id, id)).get();
}

/** The record `id` stands for now: itself, or (after merges) the one it was merged into. 404 when unknown. */
export function resolveCustomer(tx: DbLike, id: string): CustomerRow {
  let row = findCustomer(tx, id);
  if (!row) throw notFound('customer', id);
  for (let hops = 0; row.mergedInto && hops < 10; hops++) {
    const next = findCustomer(tx, row.mergedInto);
    if (!next) break;
    row = next;
  }
  return row;
}

export function assertNotErased(row: CustomerRow): void {
  if (row.erasedAt !== null) throw new AppError('CUSTOMER_ERASED', 'This customer was erased on request; their record can no longer be used.', { customerId: row.id });
}

/** The next key in the search index (see schema-customers.ts searchId). */
export function nextSearchId(tx: DbLike): number {
  return (tx.select({ n: sql<number>`coalesce(max(${customers.searchId}), 0) + 1` }).from(customers).get()?.n) ?? 1;
}

/** Writes the whole row back with a new version and queues its image for the cloud. */
export function saveCustomer(ctx: CommandContext, next: CustomerRow): CustomerRow {
  ctx.tx.update(customers).set(next).where(eq(customers.id, next.id)).run();
  ctx.change('customer', customerImage(next));
  return next;
}
