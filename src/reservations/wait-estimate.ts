/**
 * How long a walk-in party will wait (issue 20). Pure, so the box and the benchmark that measures
 * its error run the very same code.
 *
 * Each table gets the moment it should be free: now when empty; for a party at it, from what the
 * room shows — paying (a few minutes), last course out (the restaurant's usual time from the last
 * course to leaving), otherwise the restaurant's own turn times for that party size and hour,
 * *given how long they have already sat* (the median of the longer turns, minus the time spent).
 * Then the queue is played forward in order: each waiting party takes the fitting table (alone or
 * joined as allowed) that frees first, and keeps it for a usual turn plus the reset buffer. A table
 * promised to a booking is not free until that booking is over.
 */
import { clashOn, MINUTE, type Hold } from './door-rules.js';

export interface TurnSample {
  guests: number;
  /** Local hour the party sat down. */
  hour: number;
  minutes: number;
  /** Minutes from the last course fired to leaving, when known. */
  tailMinutes: number | null;
}

const sizeBucket = (guests: number) => (guests <= 2 ? 2 : guests <= 4 ? 4 : guests <= 6 ? 6 : 8);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Enough samples to trust a size-and-hour bucket over the size-only one. */
const MIN_BUCKET = 8;
/** A party paying leaves in about this long (card, coats, goodbye). */
export const PAYING_MINUTES = 5;
const DEFAULT_TAIL = 20;

export interface TurnModel {
  /** Minutes a party of `guests` seated at `hour` usually keeps a table. */
  expected(guests: number, hour: number): number;
  /** Minutes still to go for a party that has sat `elapsed` minutes without the last course out. */
  remaining(guests: number, hour: number, elapsed: number): number;
  /** Minutes from the last course to leaving. */
  tail(): number;
  samples: number;
}

/** The restaurant's own turn times; `fallback` (the booking durations) until it has history. */
export function turnModel(samples: readonly TurnSample[], fallback: (guests: number) => number): TurnModel {
  const bySize = new Map<number, number[]>();
  const bySizeHour = new Map<string, number[]>();
  for (const s of samples) {
    const size = sizeBucket(s.guests);
    bySize.set(size, [...(bySize.get(size) ?? []), s.minutes]);
    const key = `${size}@${s.hour}`;
    bySizeHour.set(key, [...(bySizeHour.get(key) ?? []), s.minutes]);
  }
  const turns = (guests: number, hour: number): number[] => {
    const exact = bySizeHour.get(`${sizeBucket(guests)}@${hour}`) ?? [];
    return exact.length >= MIN_BUCKET ? exact : bySize.get(sizeBucket(guests)) ?? [];
  };
  const tails = samples.map((s) => s.tailMinutes).filter((t): t is number => t !== null && t >= 0);
  const tail = tails.length >= MIN_BUCKET ? median(tails) : DEFAULT_TAIL;
  return {
    samples: samples.length,
    expected: (guests, hour) => {
      const xs = turns(guests, hour);
      return xs.length >= 3 ? median(xs) : fallback(guests);
    },
    remaining: (guests, hour, elapsed) => {
      const xs = turns(guests, hour);
      if (xs.length < 3) return Math.max(10, fallback(guests) - elapsed);
      const longer = xs.filter((m) => m > elapsed);
      // Sat longer than nearly every party before them: they are close to leaving.
      if (longer.length < 3) return Math.max(5, tail / 2);
      return Math.max(5, median(longer) - elapsed);
    },
    tail: () => tail,
  };
}

export interface TableNow {
  tableId: string;
  capacity: number;
  /** The party at it now, or null when it is free. */
  live: null | { seatedAt: number; guests: number; paying: boolean; lastCourseAt: number | null };
}

export interface WaitInput {
  now: number;
  hourOf: (epochMs: number) => number;
  tables: readonly TableNow[];
  combinations: readonly string[][];
  /** In the order they were added. */
  waiting: ReadonlyArray<{ id: string; partySize: number }>;
  /** Bookings that hold tables (their tables are not free for a walk-in during them). */
  holds: readonly Hold[];
  bufferMinutes: number;
  model: TurnModel;
}

export interface WaitEstimate {
  id: string;
  minutes: number;
  /** Where they would most likely sit (null: nothing here can seat them). */
  tableIds: string[] | null;
}

/** When a table should be free, from what the room shows now. */
export function freeAt(table: TableNow, now: number, hourOf: (ms: number) => number, model: TurnModel): number {
  const live = table.live;
  if (!live) return now;
  if (live.paying) return now + PAYING_MINUTES * MINUTE;
  if (live.lastCourseAt !== null) return Math.max(now + PAYING_MINUTES * MINUTE, live.lastCourseAt + model.tail() * MINUTE);
  const elapsed = (now - live.seatedAt) / MINUTE;
  return now + model.remaining(live.guests, hourOf(live.seatedAt), elapsed) * MINUTE;
}

export function estimateWaits(input: WaitInput): WaitEstimate[] {
  const { now, model, bufferMinutes } = input;
  const free = new Map<string, number>();
  for (const t of input.tables) free.set(t.tableId, freeAt(t, now, input.hourOf, model) + (t.live ? bufferMinutes * MINUTE : 0));
  const capacity = new Map(input.tables.map((t) => [t.tableId, t.capacity]));
  const choices = [
    ...input.tables.map((t) => [t.tableId]),
    ...input.combinations.filter((c) => c.every((id) => capacity.has(id))),
  ];
  const out: WaitEstimate[] = [];
  for (const party of input.waiting) {
    const keep = model.expected(party.partySize, input.hourOf(now)) * MINUTE;
    let best: { ids: string[]; at: number; seats: number } | null = null;
    for (const ids of choices) {
      const seats = ids.reduce((sum, id) => sum + capacity.get(id)!, 0);
      if (seats < party.partySize) continue;
      let at = Math.max(now, ...ids.map((id) => free.get(id)!));
      // A booking due on these tables during the stay pushes the party past it.
      for (let guard = 0; guard < 10; guard++) {
        const hold = clashOn(ids, at, at + keep, bufferMinutes, input.holds);
        if (!hold) break;
        at = hold.to + bufferMinutes * MINUTE;
      }
      if (!best || at < best.at || (at === best.at && seats < best.seats)) best = { ids, at, seats };
    }
    if (!best) {
      out.push({ id: party.id, minutes: 0, tableIds: null });
      continue;
    }
    for (const id of best.ids) free.set(id, best.at + keep + bufferMinutes * MINUTE);
    out.push({ id: party.id, minutes: Math.max(0, Math.ceil((best.at - now) / MINUTE)), tableIds: best.ids });
  }
  return out;
}
