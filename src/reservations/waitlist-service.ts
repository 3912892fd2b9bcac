/**
 * The waitlist (issue 20): walk-in parties with a phone number, the live estimate of each one's wait
 * (wait-estimate.ts over the room as it is and the restaurant's own turn times), "table ready",
 * and seating in one tap (seat-party.ts). The estimate is computed on every read and never stored;
 * `quotedMinutes` keeps what the host told the guest.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { waitlistEntries } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import type { Db } from '../db/open.js';
import { AppError, notFound } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import { requestHash } from '../lib/request-hash.js';
import { MINUTE } from './door-rules.js';
import { seatParty } from './seat-party.js';
import { customerOf, phoneOf } from './service.js';
import { loadDoorSettings, loadHolds } from './store.js';
import { loadTurnModel, tablesNow } from './room-state.js';
import { estimateWaits, type WaitEstimate } from './wait-estimate.js';
import { localParts } from './zoned-time.js';
import type { AddToWaitlistInput, WaitlistEntryView } from './waitlist-schemas.js';
import type { SeatPartyInput } from './schemas.js';

type EntryRow = typeof waitlistEntries.$inferSelect;
const WAITING = ['waiting', 'notified'] as const;

/** Every waiting party's estimate, in queue order, from the room as it is at `now`. */
export function currentEstimates(tx: Db, now: number, extra: Array<{ id: string; partySize: number }> = []): WaitEstimate[] {
  const settings = loadDoorSettings(tx);
  const timeZone = loadRestaurant(tx).timeZone;
  const waiting = tx.select({ id: waitlistEntries.id, partySize: waitlistEntries.partySize }).from(waitlistEntries)
    .where(inArray(waitlistEntries.status, [...WAITING])).orderBy(asc(waitlistEntries.addedAt), asc(waitlistEntries.id)).all();
  const holds = loadHolds(tx, now, now + 6 * 60 * MINUTE, now, settings).filter((h) => h.kind === 'booking');
  return estimateWaits({
    now, hourOf: (ms) => localParts(ms, timeZone).hour, tables: tablesNow(tx), combinations: settings.combinations,
    waiting: [...waiting, ...extra], holds, bufferMinutes: settings.bufferMinutes, model: loadTurnModel(tx, now, timeZone, settings),
  });
}

function entryView(row: EntryRow, estimate: WaitEstimate | undefined): WaitlistEntryView {
  const { requestHash: _h, createdAt: _c, updatedAt: _u, createdBy: _b, ...rest } = row;
  const live = row.status === 'waiting' || row.status === 'notified';
  return { ...rest, estimatedMinutes: live ? estimate?.minutes ?? null : null, likelyTableIds: live ? estimate?.tableIds ?? null : null };
}

export class WaitlistService {
  constructor(private readonly deps: CommandDeps) {}

  /** The parties waiting now, in order, each with its live estimate. */
  list(): WaitlistEntryView[] {
    const db = this.deps.db;
    const estimates = new Map(currentEstimates(db, this.deps.clock.now()).map((e) => [e.id, e]));
    return db.select().from(waitlistEntries).where(inArray(waitlistEntries.status, [...WAITING])).orderBy(asc(waitlistEntries.addedAt), asc(waitlistEntries.id)).all()
      .map((row) => entryView(row, estimates.get(row.id)));
  }

  add(actor: Actor, input: AddToWaitlistInput) {
    return runCommand(this.deps, actor, (ctx) => addWaitingParty(ctx, input));
  }

  /** Their table is ready: the host screen (and later the guest) hears `table_ready`. */
  notify(actor: Actor, id: string, tableIds: string[] | undefined) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = findEntry(ctx, id, true)!;
      if (current.status !== 'waiting' && current.status !== 'notified') throw new AppError('ILLEGAL_TRANSITION', `This party is ${current.status}.`, { status: current.status });
      const view = saveEntry(ctx, { ...current, status: 'notified', notifiedAt: ctx.now, tableIds: tableIds ?? current.tableIds, version: current.version + 1, updatedAt: ctx.now });
      ctx.emit({ type: 'table_ready', data: { waitlistEntryId: id, name: current.name, phone: current.phone, partySize: current.partySize, tableIds: view.tableIds } });
      return view;
    });
  }

  /** Seats the waiting party in one tap: the table opens for the waiter with the guest count. A double tap opens one order. */
  seat(actor: Actor, id: string, input: SeatPartyInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = findEntry(ctx, id, true)!;
      if (current.status === 'seated' && current.orderId === input.orderId) return viewEntry(ctx, current);
      if (current.status !== 'waiting' && current.status !== 'notified') throw new AppError('ILLEGAL_TRANSITION', `This party is ${current.status}.`, { status: current.status });
      const tableIds = input.tableIds ?? current.tableIds;
      if (tableIds.length === 0) throw new AppError('VALIDATION_FAILED', 'Choose the table to seat them at.', [{ path: 'tableIds', message: 'Choose the table to seat them at.' }]);
      seatParty(ctx, loadDoorSettings(ctx.tx), loadRestaurant(ctx.tx).timeZone, { orderId: input.orderId, tableIds, partySize: current.partySize, name: current.name, customerId: current.customerId });
      return saveEntry(ctx, { ...current, status: 'seated', tableIds, orderId: input.orderId, seatedAt: ctx.now, version: current.version + 1, updatedAt: ctx.now });
    });
  }

  leave(actor: Actor, id: string, status: 'left' | 'cancelled') {
    return runCommand(this.deps, actor, (ctx) => {
      const current = findEntry(ctx, id, true)!;
      if (current.status === status) return viewEntry(ctx, current);
      if (current.status !== 'waiting' && current.status !== 'notified') throw new AppError('ILLEGAL_TRANSITION', `This party is ${current.status}.`, { status: current.status });
      return saveEntry(ctx, { ...current, status, leftAt: ctx.now, version: current.version + 1, updatedAt: ctx.now });
    });
  }
}

/**
 * Adds a waiting party inside the caller's command: from the host screen (WaitlistService.add) or a
 * guest joining from afar through the channel (remote-join.ts). The same id again with the same
 * details answers the first; with other details it is 409 IDEMPOTENCY_CONFLICT.
 */
export function addWaitingParty(ctx: CommandContext, input: AddToWaitlistInput): WaitlistEntryView {
  const hash = requestHash(input);
  const existing = findEntry(ctx, input.id, false);
  if (existing) {
    if (existing.requestHash === hash) return viewEntry(ctx, existing);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'A waiting party with this id exists with different details.', { id: input.id });
  }
  const phone = phoneOf(ctx.tx, input.phone)!;
  const customerId = customerOf(ctx.tx, input.customerId);
  const quote = currentEstimates(ctx.tx, ctx.now, [{ id: input.id, partySize: input.partySize }]).find((e) => e.id === input.id);
  const row: EntryRow = {
    id: input.id, partySize: input.partySize, name: input.name, phone, customerId, notes: input.notes?.trim() || null, status: 'waiting',
    quotedMinutes: quote?.minutes ?? 0, tableIds: [], orderId: null, requestHash: hash, addedAt: ctx.now, notifiedAt: null, seatedAt: null, leftAt: null,
    createdBy: ctx.actor.staffId, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  ctx.tx.insert(waitlistEntries).values(row).run();
  return saveEntry(ctx, row, false);
}

export function findEntry(ctx: CommandContext, id: string, required: boolean): EntryRow | undefined {
  const row = ctx.tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)).get();
  if (!row && required) throw notFound('waitlist entry', id);
  return row;
}

function saveEntry(ctx: CommandContext, row: EntryRow, update = true): WaitlistEntryView {
  if (update) ctx.tx.update(waitlistEntries).set(row).where(eq(waitlistEntries.id, row.id)).run();
  const { requestHash: _h, ...image } = row;
  ctx.change('waitlist_entry', image);
  const view = viewEntry(ctx, row);
  ctx.emit({ type: 'waitlist.updated', data: view });
  return view;
}

function viewEntry(ctx: CommandContext, row: EntryRow): WaitlistEntryView {
  return entryView(row, currentEstimates(ctx.tx, ctx.now).find((e) => e.id === row.id));
}
