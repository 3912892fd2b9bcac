/**
 * The report request as the HTTP API takes it: `?from=YYYY-MM-DD&to=YYYY-MM-DD&locations=a,b`.
 * Dates are business days (inclusive); a range is at most MAX_REPORT_DAYS days, so one request
 * (with its previous period) never reads more than about two years.
 */
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { daysIn, isBusinessDay } from './period.js';
import type { ReportQuery } from './types.js';

export const MAX_REPORT_DAYS = 400;

const day = z.string().refine(isBusinessDay, { message: 'A business day is a real date written YYYY-MM-DD.' });

export const ReportQuerySchema = z.object({
  from: day,
  to: day,
  /** Comma-separated location ids; none = every location the viewer may see. */
  locations: z.string().max(4000).optional(),
}).strict().superRefine((q, ctx) => {
  if (!isBusinessDay(q.from) || !isBusinessDay(q.to)) return;
  if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '`from` must be on or before `to`.' });
  else if (daysIn(q) > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${MAX_REPORT_DAYS} days.` });
});

/** Parses the query string; 400 VALIDATION_FAILED naming each problem. `allowed` fills an empty `locations`. */
export function parseReportQuery(raw: Record<string, string | undefined>, allowed: readonly string[]): ReportQuery {
  const parsed = ReportQuerySchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `The report query is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const ids = parsed.data.locations?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...allowed];
  return { locationIds: [...new Set(ids)], from: parsed.data.from, to: parsed.data.to };
}
