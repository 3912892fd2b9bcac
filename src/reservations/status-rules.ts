/**
 * How a booking moves (issue 20). Pure. Seating goes through its own command (it opens the table),
 * so `seated` is never set by hand; a no-show who turns up after all goes back to arrived (late).
 */
import { AppError } from '../errors.js';
import type { RESERVATION_STATUSES } from '../db/schema-reservations.js';

export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

const NEXT: Record<ReservationStatus, readonly ReservationStatus[]> = {
  booked: ['confirmed', 'arrived', 'cancelled', 'no_show'],
  confirmed: ['booked', 'arrived', 'cancelled', 'no_show'],
  arrived: ['cancelled', 'confirmed'],
  seated: ['finished'],
  no_show: ['arrived', 'booked'],
  finished: [],
  cancelled: ['booked'],
};

/** Statuses in which a booking holds its tables. */
export const isHolding = (s: ReservationStatus): boolean => s === 'booked' || s === 'confirmed' || s === 'arrived';

export function assertTransition(from: ReservationStatus, to: ReservationStatus, startsAt: number, now: number): void {
  if (to === 'seated') throw new AppError('ILLEGAL_TRANSITION', 'Seat a booking with POST /reservations/{id}/seat: it opens the table.', { from, to });
  if (!NEXT[from].includes(to)) throw new AppError('ILLEGAL_TRANSITION', `A booking that is ${from.replace('_', '-')} cannot become ${to.replace('_', '-')}.`, { from, to });
  if (to === 'no_show' && now < startsAt) throw new AppError('ILLEGAL_TRANSITION', 'A booking can be marked no-show only once its time has come.', { from, to, startsAt });
}

/** Minutes a booking is past its time without the guests having arrived. */
export function lateMinutes(status: ReservationStatus, startsAt: number, now: number): number {
  if (status !== 'booked' && status !== 'confirmed') return 0;
  return Math.max(0, Math.floor((now - startsAt) / 60_000));
}
