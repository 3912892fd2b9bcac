/**
 * Opening hours (issue 20): several ranges per weekday, a range whose close is at or before its
 * open runs past midnight into the next day ("18:00"–"02:00"). Stored twice: as the owner wrote them
 * (for display and editing) and as minutes of the week (Monday 00:00 = 0) for the database's
 * `profile_open_at` (migration 0019): `open` holds each range's part on its own day, `spill` the
 * part after midnight, on the next day — so a closed date can stop a day's own service while the
 * evening before still runs into it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export interface Range { open: string; close: string }
export type Hours = Record<Weekday, Range[]>;

const DAY = 1440;
export const WEEK = 7 * DAY;

/** "HH:MM" → minutes; "24:00" is allowed as a close only (the end of the day). */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface WeekRanges {
  /** [start, end) minutes of the week, each range's part on its own day. */
  open: Array<[number, number]>;
  /** [start, end) minutes of the week, the parts past midnight (on the next day; Sunday's go to Monday). */
  spill: Array<[number, number]>;
}

/** The hours as minutes of the week. A close at or before the open runs past midnight. */
export function weekRanges(hours: Hours): WeekRanges {
  const open: Array<[number, number]> = [];
  const spill: Array<[number, number]> = [];
  WEEKDAYS.forEach((day, i) => {
    for (const r of hours[day]) {
      const start = minutesOf(r.open);
      const end = minutesOf(r.close);
      if (end > start) { open.push([i * DAY + start, i * DAY + end]); continue; }
      open.push([i * DAY + start, (i + 1) * DAY]);
      const next = ((i + 1) % 7) * DAY;
      if (end > 0) spill.push([next, next + end]);
    }
  });
  return { open, spill };
}

/** Describes the first two ranges that overlap (a day's own, or one spilling into the next day), or null. */
export function overlap(hours: Hours): string | null {
  const labelled: Array<{ start: number; end: number; label: string }> = [];
  WEEKDAYS.forEach((day, i) => {
    for (const r of hours[day]) {
      const start = minutesOf(r.open);
      const end = minutesOf(r.close);
      const label = `${WEEKDAY_NAMES[day]} ${r.open}–${r.close}`;
      const from = i * DAY + start;
      const to = i * DAY + (end > start ? end : DAY + end);
      // Sunday past midnight wraps onto Monday morning: compare it there too.
      labelled.push({ start: from, end: to, label });
      if (to > WEEK) labelled.push({ start: 0, end: to - WEEK, label });
    }
  });
  labelled.sort((a, b) => a.start - b.start);
  for (let i = 1; i < labelled.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = labelled[j]!;
      const b = labelled[i]!;
      if (a.label !== b.label && b.start < a.end && a.start < b.end) return `${a.label} overlaps ${b.label}.`;
    }
  }
  return null;
}

/** A multirange literal for PostgreSQL (`{[0,60),[120,180)}`); empty when there are none. */
export const multirange = (ranges: Array<[number, number]>): string => `{${ranges.map(([a, b]) => `[${a},${b})`).join(',')}}`;
