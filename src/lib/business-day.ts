/**
 * The business day an instant belongs to, in the restaurant's time zone with its day-start hour:
 * with dayStartHour = 4, an order at 01:30 on the 21st belongs to the 20th (the bar closing late
 * still counts toward the night it started). Returns 'YYYY-MM-DD'.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR = 15 * 60_000;
let last: { key: string; day: string } | undefined;

export function businessDay(epochMs: number, timeZone: string, dayStartHour: number): string {
  // Every UTC offset in use is a whole number of quarter hours, so the answer is the same for every
  // instant of a quarter hour: remember the last one (it is asked for every order placed).
  const key = `${Math.floor(epochMs / QUARTER_HOUR)}|${timeZone}|${dayStartHour}`;
  if (last?.key === key) return last.day;
  const day = computeBusinessDay(epochMs, timeZone, dayStartHour);
  last = { key, day };
  return day;
}

function computeBusinessDay(epochMs: number, timeZone: string, dayStartHour: number): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const [y, m, d, h] = [get('year'), get('month'), get('day'), get('hour')];
  // Before the day-start hour we are still in the previous business day. Date.UTC handles month/year roll-back.
  const date = new Date(Date.UTC(y, m - 1, h < dayStartHour ? d - 1 : d));
  return date.toISOString().slice(0, 10);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The restaurant's wall-clock time at `epochMs`, read as if it were UTC (to measure the zone's offset). */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

/**
 * The instant business day `day` ('YYYY-MM-DD') begins: `dayStartHour`:00 on that date in the
 * restaurant's time zone (on a clock change that skips the hour, the first instant after it).
 */
export function businessDayStart(day: string, timeZone: string, dayStartHour: number): number {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), dayStartHour);
  // Guess with the zone's offset at the wall time, then correct once with the offset at the guess
  // (they differ only across a clock change).
  let at = wall - (wallClockAsUtc(wall, timeZone) - wall);
  at = wall - (wallClockAsUtc(at, timeZone) - at);
  return at;
}
