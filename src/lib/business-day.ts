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
