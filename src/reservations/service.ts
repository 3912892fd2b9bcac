/**
 * Bookings on the box (issue 20): made by the host on the phone, at the door, or (later) by the
 * cloud for an online booking — each with a client-made id, so a retry answers the first. Every
 * write is one command: the booking, its status history, their changes for the cloud, the events
 * for staff screens (architecture §5).
 */
import { and, asc, eq } from 'drizzle-orm';
import { reservations, reservationStatusChanges } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import { requestHash } from '../lib/request-hash.js';
import { parsePhone } from '../customers/rules.js';
import { assertNotErased, resolveCustomer } from '../customers/store.js';
import { availableTimes, type Availability } from './availability.js';
import { durationFor, MINUTE } from './door-rules.js';
import { place } from './placement.js';
import { seatParty } from './seat-party.js';
import { assertTransition, isHolding, type ReservationStatus } from './status-rules.js';
import { findReservation, loadDoorSettings, loadExceptions, loadHolds, loadTables, type ReservationRow } from './store.js';
import { reservationImage, reservationView, statusHistory, tableLabels } from './views.js';
import { addDays, localParts, localToUtc } from './zoned-time.js';
import { MAX_DAYS_AHEAD, type CreateReservationInput, type SeatPartyInput, type SetReservationStatusInput, type UpdateReservationInput } from './schemas.js';
import type { DbLike } from '../db/command.js';

/** A booking may be written a few minutes after its time (the host types it as the guests walk in). */
const PAST_GRACE = 15 * MINUTE;

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path, message }]);
}

/** The phone as E.164 in the restaurant's country (the customers' rules), or a 400 naming it. */
export function phoneOf(tx: DbLike, input: string | null | undefined): string | null {
  if (!input?.trim()) return null;
  const parsed = parsePhone(input, loadRestaurant(tx).country);
  if (!parsed.ok) throw invalid('phone', parsed.message);
  return parsed.e164;
}

/** The customer to link (following a merge), 404 when unknown, 409 when erased. */
export function customerOf(tx: DbLike, id: string | null | undefined): string | null {
  if (!id) return null;
  const customer = resolveCustomer(tx, id);
  assertNotErased(customer);
  return customer.id;
}

function assertWhen(startsAt: number, now: number): void {
  if (startsAt < now - PAST_GRACE) throw invalid('startsAt', 'That time has passed: a booking is for now or later.');
  if (startsAt > now + MAX_DAYS_AHEAD * 24 * 60 * MINUTE) throw invalid('startsAt', `Bookings open at most ${MAX_DAYS_AHEAD} days ahead.`);
}

export function recordStatus(ctx: CommandContext, reservationId: string, from: ReservationStatus | null, to: ReservationStatus, reason: string | null): void {
  const change = { id: ctx.newId(), reservationId, fromStatus: from, toStatus: to, staffId: ctx.actor.staffId, deviceId: ctx.actor.deviceId, reason, at: ctx.now };
  ctx.tx.insert(reservationStatusChanges).values(change).run();
  ctx.change('reservation_status_change', change, { op: 'insert' });
}

const zoneOf = (tx: DbLike): string => loadRestaurant(tx).timeZone;

function viewOf(ctx: CommandContext, row: ReservationRow) {
  return reservationView(row, tableLabels(ctx.tx), zoneOf(ctx.tx), ctx.now);
}

function loadReservation(ctx: CommandContext, id: string, expectedVersion: number | undefined): ReservationRow {
  const row = findReservation(ctx.tx, id);
  if (!row) throw notFound('reservation', id);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new AppError('VERSION_CONFLICT', 'This booking changed since you loaded it; reload and try again.', { id, currentVersion: row.version, expectedVersion });
  }
  return row;
}

function saveReservation(ctx: CommandContext, next: ReservationRow) {
  ctx.tx.update(reservations).set(next).where(and(eq(reservations.id, next.id))).run();
  ctx.change('reservation', reservationImage(next));
  const view = viewOf(ctx, next);
  ctx.emit({ type: 'reservation.updated', data: view });
  return view;
}

/**
 * Makes a booking inside the caller's command: the host's POST, or an online booking applied from
 * the channel (src/reservations/online-apply.ts) — one set of rules for both.
 */
export function createReservation(ctx: CommandContext, input: CreateReservationInput) {
  const hash = requestHash(input);
  const existing = findReservation(ctx.tx, input.id);
  if (existing) {
    // A retried create (double tap, Wi-Fi drop, the cloud resending) answers the first result.
    if (existing.requestHash === hash) return viewOf(ctx, existing);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'A booking with this id exists with different details.', { reservationId: input.id });
  }
  assertWhen(input.startsAt, ctx.now);
  const phone = phoneOf(ctx.tx, input.phone);
  const customerId = customerOf(ctx.tx, input.customerId);
  const settings = loadDoorSettings(ctx.tx);
  const timeZone = zoneOf(ctx.tx);
  const durationMinutes = input.durationMinutes ?? durationFor(settings, input.partySize);
  const placed = place(ctx.tx, settings, timeZone, ctx.now, {
    partySize: input.partySize, startsAt: input.startsAt, durationMinutes, tableIds: input.tableIds,
    enforcePacing: input.source === 'online' || input.source === 'partner',
  });
  const row: ReservationRow = {
    id: input.id, partySize: input.partySize, startsAt: input.startsAt, endsAt: input.startsAt + durationMinutes * MINUTE, durationMinutes,
    serviceDate: placed.service.date, customerId, name: input.name, phone, notes: input.notes?.trim() || null, occasion: input.occasion?.trim() || null,
    source: input.source, status: input.status, tableIds: placed.tableIds, orderId: null, requestHash: hash,
    statusChangedAt: ctx.now, statusChangedBy: ctx.actor.staffId, createdBy: ctx.actor.staffId, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  ctx.tx.insert(reservations).values(row).run();
  ctx.change('reservation', reservationImage(row));
  recordStatus(ctx, row.id, null, row.status, null);
  const view = viewOf(ctx, row);
  ctx.emit({ type: 'reservation_confirmed', data: view });
  ctx.emit({ type: 'reservation.updated', data: view });
  return view;
}

/** Moves a booking to another status inside the caller's command (the host's route, or a guest's cancellation from the channel). */
export function setReservationStatus(ctx: CommandContext, id: string, input: SetReservationStatusInput) {
  const current = loadReservation(ctx, id, input.expectedVersion);
  if (current.status === input.status) return viewOf(ctx, current);
  assertTransition(current.status, input.status, current.startsAt, ctx.now);
  if (!isHolding(current.status) && isHolding(input.status) && current.tableIds.length > 0) {
    // A no-show or cancelled booking let its tables go: taking them back needs them free.
    const settings = loadDoorSettings(ctx.tx);
    place(ctx.tx, settings, zoneOf(ctx.tx), ctx.now, {
      partySize: current.partySize, startsAt: Math.max(current.startsAt, ctx.now - PAST_GRACE), durationMinutes: current.durationMinutes,
      tableIds: current.tableIds, exceptId: id, enforcePacing: false,
    });
  }
  recordStatus(ctx, id, current.status, input.status, input.reason ?? null);
  const view = saveReservation(ctx, { ...current, status: input.status, statusChangedAt: ctx.now, statusChangedBy: ctx.actor.staffId, version: current.version + 1, updatedAt: ctx.now });
  if (input.status === 'confirmed') ctx.emit({ type: 'reservation_confirmed', data: view });
  if (input.status === 'arrived') ctx.emit({ type: 'customer_checked_in', data: view });
  return view;
}

export class ReservationService {
  constructor(private readonly deps: CommandDeps) {}

  private zone(tx: DbLike): string {
    return loadRestaurant(tx).timeZone;
  }

  /** Which times can seat `party` on `date` — the one function every booking path asks. */
  availability(date: string, party: number): Availability {
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const timeZone = this.zone(db);
    const today = localParts(now, timeZone).date;
    if (date < addDays(today, -1)) throw invalid('date', 'That date has passed.');
    if (date > addDays(today, MAX_DAYS_AHEAD)) throw invalid('date', `Bookings open at most ${MAX_DAYS_AHEAD} days ahead.`);
    const settings = loadDoorSettings(db);
    const from = localToUtc(date, 0, timeZone);
    const to = localToUtc(addDays(date, 2), 0, timeZone);
    return availableTimes({ date, party, now, timeZone, settings, exceptions: loadExceptions(db, date), tables: loadTables(db), holds: loadHolds(db, from, to, now, settings) });
  }

  /** The bookings of a service date, by time. */
  list(date: string) {
    const db = this.deps.db;
    const timeZone = this.zone(db);
    const labelOf = tableLabels(db);
    const now = this.deps.clock.now();
    return db.select().from(reservations).where(eq(reservations.serviceDate, date)).orderBy(asc(reservations.startsAt)).all()
      .map((r) => reservationView(r, labelOf, timeZone, now));
  }

  get(id: string) {
    const db = this.deps.db;
    const row = findReservation(db, id);
    if (!row) throw notFound('reservation', id);
    return { ...reservationView(row, tableLabels(db), this.zone(db), this.deps.clock.now()), history: statusHistory(db, id) };
  }

  create(actor: Actor, input: CreateReservationInput) {
    return runCommand(this.deps, actor, (ctx) => createReservation(ctx, input));
  }

  update(actor: Actor, id: string, input: UpdateReservationInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = this.load(ctx, id, input.expectedVersion);
      if (!isHolding(current.status)) throw new AppError('ILLEGAL_TRANSITION', `A ${current.status.replace('_', '-')} booking cannot be changed.`, { status: current.status });
      const settings = loadDoorSettings(ctx.tx);
      const partySize = input.partySize ?? current.partySize;
      const startsAt = input.startsAt ?? current.startsAt;
      if (input.startsAt !== undefined) assertWhen(startsAt, ctx.now);
      const durationMinutes = input.durationMinutes ?? (input.partySize !== undefined ? durationFor(settings, partySize) : current.durationMinutes);
      // Moving the time or the party re-checks the tables it keeps (or the ones asked for).
      const placed = place(ctx.tx, settings, this.zone(ctx.tx), ctx.now, {
        partySize, startsAt, durationMinutes, tableIds: input.tableIds ?? (current.tableIds.length ? current.tableIds : undefined), exceptId: id,
        enforcePacing: false,
      });
      const next: ReservationRow = {
        ...current, partySize, startsAt, durationMinutes, endsAt: startsAt + durationMinutes * MINUTE, serviceDate: placed.service.date, tableIds: placed.tableIds,
        name: input.name ?? current.name,
        phone: input.phone !== undefined ? phoneOf(ctx.tx, input.phone) : current.phone,
        customerId: input.customerId !== undefined ? customerOf(ctx.tx, input.customerId) : current.customerId,
        notes: input.notes !== undefined ? input.notes?.trim() || null : current.notes,
        occasion: input.occasion !== undefined ? input.occasion?.trim() || null : current.occasion,
        version: current.version + 1, updatedAt: ctx.now,
      };
      return this.save(ctx, next);
    });
  }

  setStatus(actor: Actor, id: string, input: SetReservationStatusInput) {
    return runCommand(this.deps, actor, (ctx) => setReservationStatus(ctx, id, input));
  }

  /** Seats the booking's party in one tap: the table opens for the waiter with the guest count. A double tap opens one order. */
  seat(actor: Actor, id: string, input: SeatPartyInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = this.load(ctx, id, undefined);
      if (current.status === 'seated' && current.orderId === input.orderId) return this.view(ctx, current);
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) this.load(ctx, id, input.expectedVersion);
      if (!isHolding(current.status) && current.status !== 'no_show') {
        throw new AppError('ILLEGAL_TRANSITION', `A ${current.status.replace('_', '-')} booking cannot be seated.`, { from: current.status, to: 'seated' });
      }
      const tableIds = input.tableIds ?? current.tableIds;
      if (tableIds.length === 0) throw invalid('tableIds', 'This booking has no table yet: choose where to seat them.');
      const settings = loadDoorSettings(ctx.tx);
      seatParty(ctx, settings, this.zone(ctx.tx), { orderId: input.orderId, tableIds, partySize: current.partySize, name: current.name, customerId: current.customerId, reservationId: id });
      recordStatus(ctx, id, current.status, 'seated', null);
      const view = this.save(ctx, { ...current, status: 'seated', tableIds, orderId: input.orderId, statusChangedAt: ctx.now, statusChangedBy: ctx.actor.staffId, version: current.version + 1, updatedAt: ctx.now });
      if (current.status !== 'arrived') ctx.emit({ type: 'customer_checked_in', data: view });
      return view;
    });
  }

  private load(ctx: CommandContext, id: string, expectedVersion: number | undefined): ReservationRow {
    return loadReservation(ctx, id, expectedVersion);
  }

  private save(ctx: CommandContext, next: ReservationRow) {
    return saveReservation(ctx, next);
  }

  private view(ctx: CommandContext, row: ReservationRow) {
    return viewOf(ctx, row);
  }
}
