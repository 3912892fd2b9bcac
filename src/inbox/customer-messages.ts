/**
 * `customer.merged` and `customer.erased` v1 (sync/customer-messages.ts) on the box: each applied
 * in the message's own transaction with the cursor (src/inbox/apply.ts), so a crash or a replay
 * never leaves half a merge or half an erasure.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { changeLog, customers, orderCustomers } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { customerErasedV1, customerMergedV1, type MergedCustomer } from '../../sync/customer-messages.js';
import { customerImage, findCustomer, nextSearchId, saveCustomer, type CustomerRow } from '../customers/store.js';
import { phoneSearchOf } from '../customers/input.js';
import { ERASED_NAME } from '../customers/rules.js';
import { writeLink } from '../customers/service.js';
import type { MessageHandler } from './handlers.js';

type PersonFields = Pick<CustomerRow, 'name' | 'phone' | 'phoneSearch' | 'email' | 'birthday' | 'allergies' | 'notes' | 'tags' | 'addresses'
  | 'marketingConsent' | 'consentAt' | 'consentSource' | 'blockedReason' | 'blockedAt'>;

function fieldsOf(c: MergedCustomer): PersonFields {
  return {
    name: c.name, phone: c.phone, phoneSearch: phoneSearchOf(c.phone), email: c.email, birthday: c.birthday, allergies: c.allergies,
    notes: c.notes, tags: c.tags, addresses: c.addresses, marketingConsent: c.marketingConsent, consentAt: c.consentAt,
    consentSource: c.consentSource, blockedReason: c.blockedReason, blockedAt: c.blockedAt,
  };
}

export const applyCustomerMerged: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = customerMergedV1.parse(payload);
  const from = ctx.tx.select().from(customers).where(inArray(customers.id, p.fromIds)).all().filter((r) => r.id !== p.intoId);
  const into = findCustomer(ctx.tx, p.intoId);
  // A location that never saw this person keeps no copy of them.
  if (from.length === 0 && !into) return;
  if (into?.erasedAt != null) return;
  // Merge first the losers (so the survivor's phone or email is free), then the survivor.
  for (const row of from) {
    if (row.mergedInto === p.intoId) continue;
    saveCustomer(ctx, { ...row, mergedInto: p.intoId, version: row.version + 1, updatedAt: ctx.now });
  }
  if (into) saveCustomer(ctx, { ...into, ...fieldsOf(p.customer), mergedInto: null, version: into.version + 1, updatedAt: ctx.now });
  else {
    const row: CustomerRow = {
      id: p.intoId, searchId: nextSearchId(ctx.tx), ...fieldsOf(p.customer), mergedInto: null, erasedAt: null, origin: 'cloud', version: 1, createdAt: p.customer.createdAt, updatedAt: ctx.now,
    };
    ctx.tx.insert(customers).values(row).run();
    ctx.change('customer', customerImage(row));
  }
  // The orders of the merged records now belong to the survivor (their own history rows stay: see customers/history.ts).
  const links = from.length === 0 ? [] : ctx.tx.select().from(orderCustomers).where(inArray(orderCustomers.customerId, from.map((r) => r.id))).all();
  for (const link of links) writeLink(ctx, link.orderId, p.intoId, link);
  ctx.audit({ action: 'customer.merged', entity: 'customer', entityId: p.intoId, details: { fromIds: from.map((r) => r.id), orders: links.length } });
  for (const link of links) ctx.emit({ type: 'order.customer', data: { orderId: link.orderId, customerId: p.intoId } });
};

/** Every personal field emptied; id, dates and version stay so orders keep their link. */
export function anonymised(row: CustomerRow, now: number): CustomerRow {
  return {
    ...row, name: ERASED_NAME, phone: null, phoneSearch: '', email: null, birthday: null, allergies: null, notes: null, tags: [], addresses: [],
    marketingConsent: false, consentAt: null, consentSource: null, blockedReason: null, blockedAt: null,
    erasedAt: row.erasedAt ?? now, version: row.version + 1, updatedAt: now,
  };
}

export const applyCustomerErased: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = customerErasedV1.parse(payload);
  const rows = ctx.tx.select().from(customers).where(inArray(customers.id, p.ids)).all();
  for (const row of rows) {
    const next = saveCustomer(ctx, anonymised(row, ctx.now));
    // Changes not yet sent still hold the old image: what leaves the box after this is the anonymised one.
    ctx.tx.update(changeLog).set({ row: JSON.stringify(customerImage(next)) })
      .where(and(eq(changeLog.entity, 'customer'), eq(changeLog.entityId, row.id))).run();
  }
  ctx.audit({ action: 'customer.erased', entity: 'customer', entityId: p.customerId, details: { ids: rows.map((r) => r.id) } });
};
