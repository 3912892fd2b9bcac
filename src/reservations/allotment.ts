/**
 * The box's grant to the cloud for online booking (issue 20), pure: per 15-minute slot of the
 * coming days, how many covers the cloud may sell and the largest party a free table (alone or
 * joined) takes then. The box is the truth for its tables: it decides the grant from its own book
 * — bookings, parties seated now, private events, pacing — and the manager's `onlineAllotment`
 * (covers per slot for online bookings), minus the online covers already booked in that slot.
 *
 * The grant is a ceiling, not a hold: the host keeps every table for the phone and the door, and an
 * online booking that no longer fits when the box applies it is refused and the guest told
 * (docs/guests.md, "Online booking"). `maxParty` is read with each option's own seat count as the
 * party (the longest duration that option would be used for), so it never promises too much.
 */
import type { AllotmentSlot } from '../../sync/booking-messages.js';
import { clashOn, coversInSlot, durationFor, eventHolds, MINUTE, seatingOptions, servicesOn, SLOT_MINUTES, type DoorException, type DoorSettings, type Hold, type TableInfo } from './door-rules.js';
import { addDays, localParts } from './zoned-time.js';

export interface GrantInput {
  now: number;
  timeZone: string;
  days: number;
  settings: DoorSettings;
  tables: readonly TableInfo[];
  /** Exceptions of every date in the window (and the day either side). */
  exceptions: readonly DoorException[];
  holds: readonly Hold[];
  /** Covers of online bookings already on the book, per slot start. */
  onlineCovers: ReadonlyMap<number, number>;
}

const HALF_DAY = 12 * 60 * MINUTE;

export function grantSlots(input: GrantInput): AllotmentSlot[] {
  const { settings, timeZone, now } = input;
  if (settings.onlineAllotment === null || settings.onlineAllotment === 0) return [];
  // Largest first: the first free one is the answer.
  const options = seatingOptions(input.tables, settings.combinations, 1).sort((a, b) => b.capacity - a.capacity);
  const step = SLOT_MINUTES * MINUTE;
  const today = localParts(now, timeZone).date;
  const out: AllotmentSlot[] = [];
  // From yesterday: a service that opened yesterday may still take bookings past midnight.
  for (let d = -1; d < input.days; d++) {
    const date = addDays(today, d);
    const exceptions = input.exceptions.filter((e) => e.date >= addDays(date, -1) && e.date <= addDays(date, 1));
    for (const service of servicesOn(settings, exceptions, date, timeZone)) {
      if (service.lastStartAt < now) continue;
      const holds = [...input.holds, ...eventHolds(exceptions, date, timeZone)]
        .filter((h) => h.to > service.openAt - HALF_DAY && h.from < service.closeAt + HALF_DAY);
      for (let at = Math.ceil(service.openAt / step) * step; at <= service.lastStartAt; at += step) {
        if (at < now) continue;
        const pacingRoom = settings.pacingCovers === null ? Infinity : Math.max(0, settings.pacingCovers - coversInSlot(holds, at));
        let largest = 0;
        for (const o of options) {
          const end = at + durationFor(settings, o.capacity) * MINUTE;
          if (clashOn(o.tableIds, at, end, settings.bufferMinutes, holds) === null) { largest = o.capacity; break; }
        }
        const maxParty = Math.min(largest, pacingRoom, 100);
        const covers = maxParty === 0 ? 0 : Math.max(0, Math.min(settings.onlineAllotment - (input.onlineCovers.get(at) ?? 0), pacingRoom));
        out.push({ date: service.date, time: localParts(at, timeZone).time, startsAt: at, covers, maxParty });
      }
    }
  }
  return out;
}
