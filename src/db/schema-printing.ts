/**
 * Printing (architecture §8): printers, what prints where, and the durable print queue. Box-local
 * operational state: none of it goes to the cloud (a ticket's facts already do, as kitchen_tickets).
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A configured printer: a raw TCP address (host:port) or a device file (USB). */
export const printers = sqliteTable('printers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  connection: text('connection', { enum: ['tcp', 'device'] }).notNull(),
  address: text('address').notNull(),
  /** Characters per line: 32 (58 mm), 42 or 48 (80 mm). */
  columns: integer('columns').notNull(),
  codePage: text('code_page').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('printers_name').on(t.name)]);

/**
 * Where things print: a station's tickets (kind `station`, key = station name) or an area's
 * receipts, guest checks and drawer kicks (kind `receipt`, key = area id, or `default`).
 */
export const printerRoutes = sqliteTable('printer_routes', {
  kind: text('kind', { enum: ['station', 'receipt'] }).notNull(),
  key: text('key').notNull(),
  printerId: text('printer_id').notNull().references(() => printers.id),
  backupPrinterId: text('backup_printer_id').references(() => printers.id),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('printer_routes_kind_key').on(t.kind, t.key)]);

/**
 * One print job: a template and its data, rendered when sent. Written in the same transaction as
 * the change that causes it. `reprint` is set when it is asked for again, or when an earlier send
 * may have put some of its bytes on paper (crash mid-send, failure after the write began).
 */
export const printJobs = sqliteTable('print_jobs', {
  id: text('id').primaryKey(),
  printerId: text('printer_id').notNull().references(() => printers.id),
  template: text('template').notNull(),
  data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['queued', 'printing', 'printed', 'failed'] }).notNull(),
  reprint: integer('reprint', { mode: 'boolean' }).notNull(),
  attempts: integer('attempts').notNull(),
  /** The route that chose the printer (for fail-over to its backup); null for a job sent to a printer by id. */
  routeKind: text('route_kind', { enum: ['station', 'receipt'] }),
  routeKey: text('route_key'),
  orderId: text('order_id'),
  ticketId: text('ticket_id'),
  /** The job this one reprints. */
  reprintOf: text('reprint_of'),
  lastError: text('last_error'),
  failedOverFrom: text('failed_over_from'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  printedAt: integer('printed_at'),
}, (t) => [index('print_jobs_printer_status').on(t.printerId, t.status, t.createdAt), index('print_jobs_ticket').on(t.ticketId), index('print_jobs_status').on(t.status)]);
