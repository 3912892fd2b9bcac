/**
 * The restaurant's door rules as data (issue 20), and the pure readings of them that every booking
 * path shares: which services a date has, how long a party keeps a table, which tables (alone or
 * joined) can seat a party, and whether a table is free over a window. No I/O.
 */
import type { DurationRule, ServiceHours } from '../db/schema-reservations.js';
import { addDays, localToUtc, minutesOf, weekdayOf } from './zoned-time.js';

export const SLOT_MINUTES = 15;
export const MINUTE = 60_000;

export interface DoorSettings {
  hours: Record<string, ServiceHours[]>;
  durations: DurationRule[];
  pacingCovers: number | null;
  bufferMinutes: number;
  lastSeatingMinutes: number;
  holdMinutes: number;
  combinations: string[][];
  onlineAllotment: number | null;
}

const EVERY_DAY = (services: ServiceHours[]) => Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), services]));

/** What a box starts with before a manager sets its own: lunch and dinner every day, no pacing. */
export const DEFAULT_DOOR_SETTINGS: DoorSettings = {
  hours: EVERY_DAY([{ open: '12:00', close: '14:30' }, { open: '19:00', close: '22:30' }]),
  durations: [{ upTo: 2, minutes: 90 }, { upTo: 4, minutes: 105 }, { upTo: 6, minutes: 120 }, { upTo: 100, minutes: 150 }],
  pacingCovers: null,
  bufferMinutes: 15,
  lastSeatingMinutes: 30,
  holdMinutes: 15,
  combinations: [],
  onlineAllotment: null,
};

/** How long a party of `party` keeps its table: the first rule that covers it (the last rule beyond). */
export function durationFor(settings: Pick<DoorSettings, 'durations'>, party: number): number {
  const sorted = [...settings.durations].sort((a, b) => a.upTo - b.upTo);
  return (sorted.find((r) => party <= r.upTo) ?? sorted[sorted.length - 1])?.minutes ?? 120;
}

export interface DoorException {
  id: string;
  date: string;
  kind: 'closed' | 'private_event';
  startTime: string | null;
  endTime: string | null;
  tableIds: string[] | null;
  note: string | null;
}

/** One service on one date, as instants: bookings may start from `openAt` to `lastStartAt` inclusive. */
export interface Service {
  date: string;
  openAt: number;
  closeAt: number;
  lastStartAt: number;
}

/** The services of `date` (a close at or before its open ends the next day), none on a closed day. */
export function servicesOn(settings: DoorSettings, exceptions: readonly DoorException[], date: string, timeZone: string): Service[] {
  if (exceptions.some((e) => e.date === date && e.kind === 'closed')) return [];
  return (settings.hours[String(weekdayOf(date))] ?? []).map((h) => {
    const open = minutesOf(h.open);
    const close = minutesOf(h.close) <= open ? minutesOf(h.close) + 24 * 60 : minutesOf(h.close);
    const openAt = localToUtc(date, open, timeZone);
    const closeAt = localToUtc(date, close, timeZone);
    return { date, openAt, closeAt, lastStartAt: closeAt - settings.lastSeatingMinutes * MINUTE };
  });
}

/** The service a booking starting at `at` belongs to: one of its date's, or the evening before's past midnight. */
export function serviceAt(settings: DoorSettings, exceptions: readonly DoorException[], at: number, localDate: string, timeZone: string): Service | null {
  for (const date of [localDate, addDays(localDate, -1)]) {
    const hit = servicesOn(settings, exceptions, date, timeZone).find((s) => s.openAt <= at && at <= s.lastStartAt);
    if (hit) return hit;
  }
  return null;
}

/** A span of time tables are taken for: a booking, a party seated now, a private event. */
export interface Hold {
  kind: 'booking' | 'live' | 'event';
  tableIds: readonly string[] | null;
  from: number;
  to: number;
  /** The booking that holds it, to name in a 409 TABLE_TAKEN. */
  reservationId?: string;
  /** Covers that start at `from` (bookings only), for pacing. */
  covers?: number;
}

/** Private events of `date` as holds (all day, or between their local times; the whole room when no tables). */
export function eventHolds(exceptions: readonly DoorException[], date: string, timeZone: string): Hold[] {
  return exceptions.filter((e) => e.date === date && e.kind === 'private_event').map((e) => {
    const from = localToUtc(date, e.startTime ? minutesOf(e.startTime) : 0, timeZone);
    const endMinutes = e.endTime ? minutesOf(e.endTime) + (e.startTime && minutesOf(e.endTime) <= minutesOf(e.startTime) ? 24 * 60 : 0) : 30 * 60;
    return { kind: 'event' as const, tableIds: e.tableIds, from, to: localToUtc(date, endMinutes, timeZone) };
  });
}

export interface TableInfo {
  id: string;
  label: string;
  capacity: number;
  active: boolean;
}

/** A way to seat a party: one table, or tables the restaurant lets join. */
export interface SeatingOption {
  tableIds: string[];
  labels: string[];
  capacity: number;
}

/**
 * Every way to seat `party`, best first: the fewest spare seats, one table before joined ones
 * (a couple does not take the six-top while a two-top is free).
 */
export function seatingOptions(tables: readonly TableInfo[], combinations: readonly string[][], party: number): SeatingOption[] {
  const byId = new Map(tables.filter((t) => t.active).map((t) => [t.id, t]));
  const options: SeatingOption[] = [];
  for (const t of byId.values()) if (t.capacity >= party) options.push({ tableIds: [t.id], labels: [t.label], capacity: t.capacity });
  for (const combo of combinations) {
    const members = combo.map((id) => byId.get(id));
    if (members.some((m) => !m)) continue;
    const capacity = members.reduce((sum, m) => sum + m!.capacity, 0);
    if (capacity >= party) options.push({ tableIds: [...combo], labels: members.map((m) => m!.label), capacity });
  }
  return options.sort((a, b) => a.capacity - b.capacity || a.tableIds.length - b.tableIds.length || a.labels.join().localeCompare(b.labels.join()));
}

/** The first hold that takes one of `tableIds` during [from, to) with the buffer between parties, or null. */
export function clashOn(tableIds: readonly string[], from: number, to: number, bufferMinutes: number, holds: readonly Hold[]): Hold | null {
  const buffer = bufferMinutes * MINUTE;
  for (const h of holds) {
    const touches = h.tableIds === null || h.tableIds.some((id) => tableIds.includes(id));
    if (touches && from < h.to + buffer && h.from < to + buffer) return h;
  }
  return null;
}

/** Covers of bookings starting in the 15-minute slot that holds `at`. */
export function coversInSlot(holds: readonly Hold[], at: number): number {
  const slot = Math.floor(at / (SLOT_MINUTES * MINUTE));
  return holds.reduce((sum, h) => sum + (h.covers && Math.floor(h.from / (SLOT_MINUTES * MINUTE)) === slot ? h.covers : 0), 0);
}
