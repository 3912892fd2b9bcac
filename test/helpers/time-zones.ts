/**
 * A fixed-offset IANA zone where it is early afternoon right now (14:00–14:59), for tests about
 * "this evening's" bookings: with the restaurant there, a booking two hours ahead is still today
 * whatever hour CI runs at. Etc/GMT-N is N hours *ahead* of UTC (the POSIX sign).
 */
export function afternoonTimeZone(now = Date.now()): string {
  const hoursAhead = 14 - new Date(now).getUTCHours(); // −9 … +14, all zones that exist
  if (hoursAhead === 0) return 'Etc/GMT';
  return `Etc/GMT${hoursAhead > 0 ? '-' : '+'}${Math.abs(hoursAhead)}`;
}
