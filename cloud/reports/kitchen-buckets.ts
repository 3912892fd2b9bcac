/**
 * Kitchen ticket times are kept as a histogram per (location, day, station): seconds rounded to
 * the nearest 15 s under 10 minutes, 60 s under an hour, 5 minutes beyond (few rows per day: a year
 * of five kitchens adds up quickly). The rounding is monotone,
 * so a nearest-rank percentile of the rounded times is the rounded nearest-rank percentile of the
 * exact times: what the reports show is exact up to the bucket width.
 */

/** SQL of the bucket (seconds) of a duration in milliseconds given as the SQL expression `ms`. */
export function bucketSql(ms: string): string {
  const s = `(greatest(0, ${ms}) + 500) / 1000`;
  return `(CASE WHEN ${s} < 600 THEN ((${s} + 7) / 15) * 15 WHEN ${s} < 3600 THEN ((${s} + 30) / 60) * 60 ELSE ((${s} + 150) / 300) * 300 END)::integer`;
}

/** The same bucket in TypeScript (for tests and anyone checking a figure by hand). */
export function bucketSeconds(ms: number): number {
  const s = Math.floor((Math.max(0, ms) + 500) / 1000);
  if (s < 600) return Math.floor((s + 7) / 15) * 15;
  if (s < 3600) return Math.floor((s + 30) / 60) * 60;
  return Math.floor((s + 150) / 300) * 300;
}
