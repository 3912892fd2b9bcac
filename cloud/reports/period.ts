/** Business-day arithmetic for report ranges ('YYYY-MM-DD', inclusive), in UTC calendar days. */
import type { Period, ReportPeriods } from './types.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written 'YYYY-MM-DD' (2026-02-30 is not one). */
export function isBusinessDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days in an inclusive range (1 for from = to). */
export function daysIn(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The asked period and the previous one of the same length, ending the day before it starts. */
export function periodsOf(p: Period): ReportPeriods {
  const n = daysIn(p);
  return { current: { from: p.from, to: p.to }, previous: { from: addDays(p.from, -n), to: addDays(p.from, -1) } };
}
