import { expect } from 'vitest';
import { postBatch } from './cloud.js';
import { newId } from './fixtures.js';

/**
 * Customers reach the cloud the way a box sends them: `customer`, `order` and `order_customer`
 * rows through the real ingest route, which folds them into the organisation's record.
 */
export interface SeedCustomer { id?: string; name: string; phone?: string | null; email?: string | null; blockedReason?: string | null; consent?: boolean; createdAt?: number }
export interface SeedVisit { customerId: string; paid: number; refunded?: number; tips?: number; status?: string }

let txn = 0;
const seqs = new Map<string, number>();
const next = (credential: string) => { const n = (seqs.get(credential) ?? 0) + 1; seqs.set(credential, n); return n; };

export function customerImage(c: SeedCustomer & { id: string }, now = Date.now()) {
  return {
    id: c.id, name: c.name, phone: c.phone ?? null, email: c.email ?? null, birthday: null, allergies: null, notes: null, tags: [], addresses: [],
    marketingConsent: c.consent ?? false, consentAt: c.consent ? now : null, consentSource: c.consent ? 'signed the card' : null,
    blockedReason: c.blockedReason ?? null, blockedAt: c.blockedReason ? now : null, mergedInto: null, erasedAt: null,
    version: 1, createdAt: c.createdAt ?? now, updatedAt: c.createdAt ?? now,
  };
}

/** Sends the customers and their paid visits as one batch from the box holding `credential`; returns the ids. */
export async function seedAtLocation(url: string, credential: string, customers: SeedCustomer[], visits: (ids: string[]) => SeedVisit[] = () => []): Promise<string[]> {
  const ids = customers.map((c) => c.id ?? newId());
  const changes: unknown[] = [];
  const add = (entity: string, row: { id: string } & Record<string, unknown>) =>
    changes.push({ seq: next(credential), txId: `seed-${++txn}`, entity, entityId: row.id, op: 'insert', version: 1, row });
  customers.forEach((c, i) => add('customer', customerImage({ ...c, id: ids[i]! })));
  let number = 0;
  for (const v of visits(ids)) {
    const orderId = newId();
    add('order', { id: orderId, number: ++number, businessDay: '2026-12-01', status: v.status ?? 'closed', tableId: null, total: v.paid, paid: v.paid, tips: v.tips ?? 0, refunded: v.refunded ?? 0, createdAt: Date.now() });
    add('order_customer', { id: orderId, orderId, customerId: v.customerId, version: 1 });
  }
  const res = await postBatch(url, credential, { schemaVersion: 2, epoch: 1, changes });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ids;
}
