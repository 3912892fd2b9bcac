/**
 * Reports (issue 7): the Z reports that close business days. A Z is a fact: numbered per location
 * from 1, one per business day, its figures frozen as JSON at the moment it was taken (later
 * refunds land on the next day and never change it).
 */
import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { DayFigures } from '../reports/rules.js';

export const zReports = sqliteTable('z_reports', {
  id: text('id').primaryKey(),
  number: integer('number').notNull(),
  businessDay: text('business_day').notNull(),
  closedAt: integer('closed_at').notNull(),
  /** The staff id of the manager or owner who took it; null only for the system. */
  closedBy: text('closed_by'),
  totals: text('totals', { mode: 'json' }).$type<DayFigures>().notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('z_reports_number').on(t.number), uniqueIndex('z_reports_business_day').on(t.businessDay)]);
