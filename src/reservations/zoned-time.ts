/**
 * Wall-clock time in the restaurant's zone (architecture §4: stored as UTC ms, read locally).
 * Bookings are offered in local "HH:MM" on a local date; these turn one into the other across
 * clock changes: a local time the clock skips (02:30 on a spring-forward night) is pushed forward by
 * the gap (03:30, as Temporal's "compatible" does), a repeated one (autumn) maps to its first occurrence.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
}

export function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    weekday: WEEKDAYS.indexOf(get('weekday')),
    hour,
    minute,
  };
}

/** The wall clock at `epochMs` read as if it were UTC: the difference to `epochMs` is the zone's offset then. */
function wallAsUtc(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  return Date.UTC(Number(p.date.slice(0, 4)), Number(p.date.slice(5, 7)) - 1, Number(p.date.slice(8, 10)), p.hour, p.minute);
}

/** Minutes since midnight of "HH:MM". */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The instant `date` + `minutes` after its local midnight (minutes may pass 24 h: the next day). */
export function localToUtc(date: string, minutes: number, timeZone: string): number {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + minutes * 60_000;
  // Guess with the offset at the wall time, correct once with the offset at the guess; they differ
  // only across a clock change. If the result reads back later than asked, the time was in a gap.
  const first = wall - (wallAsUtc(wall, timeZone) - wall);
  const second = wall - (wallAsUtc(first, timeZone) - first);
  const candidates = [first, second].filter((at) => wallAsUtc(at, timeZone) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) {
    // Autumn: the earlier of the two instants that show this wall time.
    const earlier = candidates[0]! - 3_600_000;
    return wallAsUtc(earlier, timeZone) === wall ? earlier : candidates[0]!;
  }
  return Math.max(first, second);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day of week (0 = Sunday) of a calendar date. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
