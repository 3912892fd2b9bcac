/**
 * `loyalty.programme` and `loyalty.balance` v1 (sync/loyalty.ts) on the box, each applied in the
 * message's own transaction with the cursor (src/inbox/apply.ts).
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { customers, loyaltyBalances, loyaltyProgramme } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { loyaltyBalanceV1, loyaltyProgrammeV1 } from '../../sync/loyalty.js';
import type { MessageHandler } from './handlers.js';

/** Keeps the newest programme (an older version arriving late changes nothing). */
export const applyLoyaltyProgramme: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = loyaltyProgrammeV1.parse(payload);
  const current = ctx.tx.select().from(loyaltyProgramme).where(eq(loyaltyProgramme.id, 1)).get();
  if (current && current.version >= p.version) return;
  const row = { id: 1, version: p.version, document: JSON.stringify(p.programme), updatedAt: ctx.now };
  if (current) ctx.tx.update(loyaltyProgramme).set(row).where(eq(loyaltyProgramme.id, 1)).run();
  else ctx.tx.insert(loyaltyProgramme).values(row).run();
  ctx.audit({ action: 'loyalty.programme', details: { version: p.version } });
};

/** The cloud's confirmed balance for a record this box knows (a box that knows none of its ids keeps nothing). */
export const applyLoyaltyBalance: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = loyaltyBalanceV1.parse(payload);
  const known = ctx.tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, p.ids)).get();
  if (!known) return;
  const row = { customerId: p.customerId, ids: p.ids, points: p.points, rolling12: p.rolling12, tier: p.tier, seenThrough: p.seenThrough, computedAt: p.computedAt, updatedAt: ctx.now };
  // A merge moved the record: a balance kept under one of its old ids is superseded by this one.
  ctx.tx.delete(loyaltyBalances).where(and(inArray(loyaltyBalances.customerId, p.ids), ne(loyaltyBalances.customerId, p.customerId))).run();
  ctx.tx.insert(loyaltyBalances).values(row).onConflictDoUpdate({ target: loyaltyBalances.customerId, set: row }).run();
  ctx.emit({ type: 'loyalty.changed', data: { customerId: p.customerId, points: p.points } });
};
