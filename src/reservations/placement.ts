/**
 * Where a party may sit, checked inside the command that books or seats it (architecture §5: one
 * transaction, so two tablets booking the same table at the same moment are serialised and the
 * second sees the first): the tables exist, are in use, seat the party (joined only as the
 * restaurant allows), and nobody holds them then. Refusals name what is in the way.
 */
import { AppError, notFound } from '../errors.js';
import type { DbLike } from '../db/command.js';
import { clashOn, coversInSlot, eventHolds, MINUTE, seatingOptions, serviceAt, type DoorSettings, type Hold, type Service, type TableInfo } from './door-rules.js';
import { findReservation, loadExceptions, loadHolds, loadTables } from './store.js';
import { localParts } from './zoned-time.js';

export interface PlaceRequest {
  partySize: number;
  startsAt: number;
  durationMinutes: number;
  tableIds: string[] | undefined;
  /** The booking being moved (its own hold does not count against it). */
  exceptId?: string;
  /** Online and partner bookings keep to pacing; the host on the phone may go over it. */
  enforcePacing: boolean;
}

export interface Placement {
  service: Service;
  tableIds: string[];
}

/** The tables `ids` as the floor has them; 404 for an unknown one, 409 for an inactive one. */
export function tablesFor(tx: DbLike, ids: readonly string[]): TableInfo[] {
  const all = new Map(loadTables(tx).map((t) => [t.id, t]));
  return ids.map((id) => {
    const table = all.get(id);
    if (!table) throw notFound('table', id);
    if (!table.active) throw new AppError('TABLE_INACTIVE', `Table ${table.label} is inactive.`, { tableId: id });
    return table;
  });
}

/** 409 TABLES_UNSUITABLE unless the tables seat the party and, when several, are a combination the restaurant allows. */
export function assertSuitable(tables: readonly TableInfo[], party: number, settings: DoorSettings): void {
  const labels = tables.map((t) => t.label).join(' + ');
  const seats = tables.reduce((sum, t) => sum + t.capacity, 0);
  if (seats < party) throw new AppError('TABLES_UNSUITABLE', `${labels} seat ${seats}, fewer than the party of ${party}.`, { seats, partySize: party });
  if (tables.length > 1) {
    const ids = new Set(tables.map((t) => t.id));
    const allowed = settings.combinations.some((c) => c.length === ids.size && c.every((id) => ids.has(id)));
    if (!allowed) throw new AppError('TABLES_UNSUITABLE', `${labels} are not set as tables that may be joined (reservation settings, combinations).`, { tableIds: [...ids] });
  }
}

/** 409 TABLE_TAKEN naming the booking (or the party seated now) that holds one of the tables. */
export function refuseClash(tx: DbLike, hold: Hold, tables: readonly TableInfo[], timeZone: string): never {
  const taken = tables.filter((t) => hold.tableIds === null || hold.tableIds.includes(t.id)).map((t) => t.label).join(' + ') || 'The room';
  if (hold.reservationId) {
    const other = findReservation(tx, hold.reservationId);
    const when = other ? `${localParts(other.startsAt, timeZone).time}–${localParts(other.endsAt, timeZone).time}` : '';
    throw new AppError('TABLE_TAKEN', `${taken} is booked by ${other?.name ?? 'another party'} (${other?.partySize ?? '?'}, ${when}).`,
      { reservationId: hold.reservationId, name: other?.name ?? null, startsAt: other?.startsAt ?? hold.from, endsAt: other?.endsAt ?? hold.to, tableIds: hold.tableIds });
  }
  const why = hold.kind === 'event' ? 'held for a private event' : 'occupied by a party seated now';
  throw new AppError('TABLE_TAKEN', `${taken} is ${why}.`, { reservationId: null, startsAt: hold.from, endsAt: hold.to, tableIds: hold.tableIds });
}

/** Where a booking at `startsAt` sits: inside a service, within pacing, on free tables (asked for, or the best fit). */
export function place(tx: DbLike, settings: DoorSettings, timeZone: string, now: number, req: PlaceRequest): Placement {
  const local = localParts(req.startsAt, timeZone);
  const exceptions = loadExceptions(tx, local.date);
  const service = serviceAt(settings, exceptions, req.startsAt, local.date, timeZone);
  if (!service) {
    throw new AppError('OUTSIDE_OPENING_HOURS', `The restaurant takes no bookings at ${local.time} on ${local.date} (closed, outside the opening hours or after the last seating).`,
      { date: local.date, time: local.time });
  }
  const end = req.startsAt + req.durationMinutes * MINUTE;
  const holds = [...loadHolds(tx, req.startsAt, end, now, settings, req.exceptId), ...eventHolds(exceptions, service.date, timeZone)];
  if (req.enforcePacing && settings.pacingCovers !== null) {
    const covers = coversInSlot(holds, req.startsAt);
    if (covers + req.partySize > settings.pacingCovers) {
      throw new AppError('SLOT_FULL', `${covers} guests already start at ${local.time}; at most ${settings.pacingCovers} per 15 minutes.`, { covers, limit: settings.pacingCovers });
    }
  }
  if (req.tableIds) {
    const tables = tablesFor(tx, req.tableIds);
    assertSuitable(tables, req.partySize, settings);
    const hold = clashOn(req.tableIds, req.startsAt, end, settings.bufferMinutes, holds);
    if (hold) refuseClash(tx, hold, tables, timeZone);
    return { service, tableIds: req.tableIds };
  }
  const option = seatingOptions(loadTables(tx), settings.combinations, req.partySize)
    .find((o) => clashOn(o.tableIds, req.startsAt, end, settings.bufferMinutes, holds) === null);
  if (!option) throw new AppError('NO_TABLE_FREE', `No table can seat ${req.partySize} at ${local.time} on ${local.date}.`, { date: local.date, time: local.time, partySize: req.partySize });
  return { service, tableIds: option.tableIds };
}
