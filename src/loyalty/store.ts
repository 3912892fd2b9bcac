/**
 * The box's loyalty ledger and what it knows of a customer's balance (issue 18). Entries are only
 * ever inserted (architecture §4): each one in the caller's command, with its change for the cloud.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { customers, loyaltyBalances, loyaltyEntries, loyaltyProgramme } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { programmeInput, tierFor, type ProgrammeInput, type Tier } from '../../sync/loyalty.js';
import type { KnownBalance } from './rules.js';

export type EntryRow = typeof loyaltyEntries.$inferSelect;
export type LoadedProgramme = ProgrammeInput & { version: number };

/** The programme the cloud last sent, or null: no programme, no loyalty on this box. */
export function loadProgramme(tx: DbLike): LoadedProgramme | null {
  const row = tx.select().from(loyaltyProgramme).where(eq(loyaltyProgramme.id, 1)).get();
  if (!row) return null;
  return { ...programmeInput.parse(JSON.parse(row.document)), version: row.version };
}

export type NewEntry = Pick<EntryRow, 'customerId' | 'kind' | 'points'> & Partial<Pick<EntryRow, 'id' | 'reverses' | 'orderId' | 'paymentId' | 'refundId' | 'rewardId' | 'amount' | 'reason' | 'approvedBy'>>;

/** Inserts one ledger entry and queues it for the cloud (a fact: insert once, never changed). */
export function bookEntry(ctx: CommandContext, programmeVersion: number, entry: NewEntry): EntryRow {
  const localSeq = (ctx.tx.select({ n: sql<number>`coalesce(max(${loyaltyEntries.localSeq}), 0) + 1` }).from(loyaltyEntries).get()?.n) ?? 1;
  const row: EntryRow = {
    id: entry.id ?? ctx.newId(), localSeq, customerId: entry.customerId, kind: entry.kind, points: entry.points, reverses: entry.reverses ?? null,
    orderId: entry.orderId ?? null, paymentId: entry.paymentId ?? null, refundId: entry.refundId ?? null, rewardId: entry.rewardId ?? null,
    amount: entry.amount ?? null, reason: entry.reason ?? null, staffId: ctx.actor.staffId, approvedBy: entry.approvedBy ?? null,
    programmeVersion, businessDay: currentBusinessDay(ctx), createdAt: ctx.now,
  };
  ctx.tx.insert(loyaltyEntries).values(row).run();
  ctx.change('loyalty_entry', row, { op: 'insert' });
  return row;
}

/** Every id that means this record on the box: itself and the records merged into it here. */
export function idsOf(tx: DbLike, customerId: string): string[] {
  const merged = tx.select({ id: customers.id }).from(customers).where(eq(customers.mergedInto, customerId)).all();
  return [customerId, ...merged.map((r) => r.id)];
}

type BalanceRow = typeof loyaltyBalances.$inferSelect;

/** The confirmed balance the cloud last sent for this record (under its id, or any id merged into it). */
export function confirmedOf(tx: DbLike, ids: readonly string[]): BalanceRow | undefined {
  const direct = tx.select().from(loyaltyBalances).where(inArray(loyaltyBalances.customerId, [...ids])).all();
  if (direct.length > 0) return direct.sort((a, b) => b.computedAt - a.computedAt)[0];
  return tx.select().from(loyaltyBalances)
    .where(sql`exists (select 1 from json_each(${loyaltyBalances.ids}) j where j.value in (select value from json_each(${JSON.stringify(ids)})))`)
    .orderBy(sql`${loyaltyBalances.computedAt} desc`).get();
}

export interface CustomerLoyalty extends KnownBalance { points: number; tier: Tier; rolling12: number; pendingPoints: number; confirmedAt: number | null }

/** What the box knows of a customer: the confirmed balance plus its own entries the cloud has not folded yet. */
export function knownBalance(tx: DbLike, programme: LoadedProgramme, customerId: string): CustomerLoyalty {
  const ids = idsOf(tx, customerId);
  const confirmed = confirmedOf(tx, ids);
  const pendingRows = tx.select({ kind: loyaltyEntries.kind, reverses: loyaltyEntries.reverses, points: loyaltyEntries.points }).from(loyaltyEntries)
    .where(and(inArray(loyaltyEntries.customerId, ids), gt(loyaltyEntries.localSeq, confirmed?.seenThrough ?? 0))).all();
  const pending = pendingRows.reduce((s, r) => s + r.points, 0);
  const unconfirmedRedeemed = -pendingRows.filter((r) => r.kind === 'redeem').reduce((s, r) => s + r.points, 0);
  const earnedLately = pendingRows.filter((r) => r.kind === 'earn' || (r.kind === 'reverse' && r.reverses === 'earn')).reduce((s, r) => s + r.points, 0);
  const rolling12 = (confirmed?.rolling12 ?? 0) + earnedLately;
  return {
    confirmed: confirmed?.points ?? 0, pending, unconfirmedRedeemed, points: (confirmed?.points ?? 0) + pending,
    tier: tierFor(programme.tiers, rolling12), rolling12, pendingPoints: pending, confirmedAt: confirmed?.computedAt ?? null,
  };
}

/** `{ points, tier, pendingPoints, … }` for GET /customers/{id}; null when no programme reached this box. */
export function loyaltyOf(tx: DbLike, customerId: string) {
  const programme = loadProgramme(tx);
  if (!programme) return null;
  return balanceView(knownBalance(tx, programme, customerId));
}

export function balanceView(b: CustomerLoyalty) {
  return { points: b.points, tier: b.tier, pendingPoints: b.pendingPoints, rolling12: b.rolling12, confirmedAt: b.confirmedAt };
}
