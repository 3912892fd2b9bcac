/**
 * The one answer to "which times can seat N on date D" (issue 20), asked by the host screen and the
 * phone call; the box's grant for online booking (allotment.ts) reads the same door rules. Pure:
 * the caller loads the settings, the date's exceptions, the tables, the bookings and the live
 * tables' holds; nothing here reads a clock or a database.
 */
import { clashOn, coversInSlot, durationFor, eventHolds, MINUTE, seatingOptions, servicesOn, SLOT_MINUTES, type DoorException, type DoorSettings, type Hold, type TableInfo } from './door-rules.js';
import { localParts } from './zoned-time.js';

export interface AvailabilityInput {
  date: string;
  party: number;
  now: number;
  timeZone: string;
  settings: DoorSettings;
  exceptions: readonly DoorException[];
  tables: readonly TableInfo[];
  /** Bookings and live tables that take tables (with their covers for pacing). */
  holds: readonly Hold[];
}

export interface Slot {
  /** Local wall-clock "HH:MM" (past midnight for a late service; twice on an autumn clock change). */
  time: string;
  startsAt: number;
  endsAt: number;
  /** The tables the party would get: the best fit free then. */
  tableIds: string[];
  tableLabels: string[];
}

export type ClosedReason = 'closed' | 'no_service' | 'private_event' | 'party_too_large' | null;

export interface Availability {
  date: string;
  party: number;
  durationMinutes: number;
  /** Why there is nothing at all on that date, when that is the case. */
  closed: ClosedReason;
  slots: Slot[];
}

export function availableTimes(input: AvailabilityInput): Availability {
  const { date, party, settings, timeZone } = input;
  const durationMinutes = durationFor(settings, party);
  const base = { date, party, durationMinutes };
  if (input.exceptions.some((e) => e.date === date && e.kind === 'closed')) return { ...base, closed: 'closed', slots: [] };
  const services = servicesOn(settings, input.exceptions, date, timeZone);
  if (services.length === 0) return { ...base, closed: 'no_service', slots: [] };
  const options = seatingOptions(input.tables, settings.combinations, party);
  if (options.length === 0) return { ...base, closed: 'party_too_large', slots: [] };
  const holds = [...input.holds, ...eventHolds(input.exceptions, date, timeZone)];
  const step = SLOT_MINUTES * MINUTE;
  const slots: Slot[] = [];
  for (const service of services) {
    // Slots run on real time from the opening instant: a clock change inside a service neither
    // invents a slot nor loses one.
    for (let at = Math.ceil(service.openAt / step) * step; at <= service.lastStartAt; at += step) {
      if (at < input.now) continue;
      const end = at + durationMinutes * MINUTE;
      if (settings.pacingCovers !== null && coversInSlot(holds, at) + party > settings.pacingCovers) continue;
      const option = options.find((o) => clashOn(o.tableIds, at, end, settings.bufferMinutes, holds) === null);
      if (option) slots.push({ time: localParts(at, timeZone).time, startsAt: at, endsAt: end, tableIds: option.tableIds, tableLabels: option.labels });
    }
  }
  const wholeRoomEvent = slots.length === 0 && holds.some((h) => h.kind === 'event' && h.tableIds === null);
  return { ...base, closed: wholeRoomEvent ? 'private_event' : null, slots };
}
