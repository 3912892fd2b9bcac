import { receiptLoyalty } from '../loyalty/receipt.js';
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { areas, printerRoutes, printers, printJobs } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps, type DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { loadOrder } from '../orders/store.js';
import { loadRestaurant } from '../setup/service.js';
import { buildGuestCheck } from '../payments/guest-check.js';
import type { PaymentsService } from '../payments/service.js';
import type { BillData } from '../../printers/templates/index.js';
import { assertPrinterAddress } from './address.js';
import { enqueueJob, receiptRoute, type PrintJobRow } from './enqueue.js';
import type { PrinterRow } from './job-store.js';
import type { PrinterAlerts } from './alerts.js';
import type { CreatePrinterInput, ListJobsQueryT, PrinterViewT, PrintForOrderInput, SetRouteInput, UpdatePrinterInput } from './schemas.js';

/** Tells the print manager a printer changed (enabled, new address): its worker looks again. */
export const PRINTER_CHANGED = 'print.printer_changed';

export type PrintJobViewT = Omit<PrintJobRow, 'data'>;
const jobView = ({ data: _data, ...rest }: PrintJobRow): PrintJobViewT => rest;

/**
 * Printers, routes and the print queue as the API and CLI see them. Jobs are only ever written
 * here or by the domain commands that cause them; the PrintManager sends them.
 */
export class PrintingService {
  constructor(private readonly deps: CommandDeps, readonly alerts: PrinterAlerts, private readonly payments: PaymentsService) {}

  listPrinters(): PrinterViewT[] {
    const db = this.deps.db;
    const queued = new Map(db.select({ printerId: printJobs.printerId, n: count() }).from(printJobs).where(eq(printJobs.status, 'queued')).groupBy(printJobs.printerId).all()
      .map((r) => [r.printerId, r.n]));
    return db.select().from(printers).orderBy(asc(printers.name)).all().map((p) => this.view(p, queued.get(p.id) ?? 0));
  }

  getPrinter(id: string): PrinterViewT {
    const printer = this.load(this.deps.db, id);
    const queued = this.deps.db.select({ n: count() }).from(printJobs).where(and(eq(printJobs.printerId, id), eq(printJobs.status, 'queued'))).get()?.n ?? 0;
    return this.view(printer, queued);
  }

  addPrinter(actor: Actor, input: CreatePrinterInput): Promise<PrinterViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      if (input.id) {
        const existing = ctx.tx.select().from(printers).where(eq(printers.id, input.id)).get();
        // A retried create with the client's id returns the first result.
        if (existing) return this.view(existing, 0);
      }
      this.assertNameFree(ctx.tx, input.name, null);
      assertPrinterAddress(input.connection, input.address);
      const row: PrinterRow = { id: input.id ?? ctx.newId(), name: input.name, connection: input.connection, address: input.address, columns: input.columns,
        codePage: input.codePage, enabled: input.enabled, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
      ctx.tx.insert(printers).values(row).run();
      ctx.audit({ action: 'printer.added', entity: 'printer', entityId: row.id, details: { name: row.name, address: row.address } });
      return this.view(row, 0);
    });
  }

  updatePrinter(actor: Actor, id: string, input: UpdatePrinterInput): Promise<PrinterViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const printer = this.load(ctx.tx, id);
      if (input.name) this.assertNameFree(ctx.tx, input.name, id);
      const next: PrinterRow = { ...printer, ...input, version: printer.version + 1, updatedAt: ctx.now };
      if (input.connection && !input.address && input.connection !== printer.connection) {
        throw new AppError('VALIDATION_FAILED', 'A printer that changes connection needs its new address too.', [{ path: 'address', message: 'Required when connection changes.' }]);
      }
      // The printer as it will be, not just the fields sent: a new address alone is checked against
      // the stored connection. Other changes skip the check, so an unplugged USB printer can still be
      // disabled or renamed; the transport checks the device again at every open anyway.
      if (input.connection !== undefined || input.address !== undefined) assertPrinterAddress(next.connection, next.address);
      ctx.tx.update(printers).set(next).where(eq(printers.id, id)).run();
      ctx.audit({ action: 'printer.changed', entity: 'printer', entityId: id, details: { changed: Object.keys(input) } });
      ctx.emit({ type: PRINTER_CHANGED, data: { printerId: id } });
      return this.view(next, 0);
    });
  }

  listRoutes(): Array<typeof printerRoutes.$inferSelect> {
    return this.deps.db.select().from(printerRoutes).orderBy(asc(printerRoutes.kind), asc(printerRoutes.key)).all();
  }

  /** Creates or replaces the route for a station's tickets or an area's receipts. */
  setRoute(actor: Actor, input: SetRouteInput): Promise<typeof printerRoutes.$inferSelect> {
    return runCommand(this.deps, actor, (ctx) => {
      this.load(ctx.tx, input.printerId);
      if (input.backupPrinterId) this.load(ctx.tx, input.backupPrinterId);
      if (input.kind === 'receipt' && input.key !== 'default' && !ctx.tx.select({ id: areas.id }).from(areas).where(eq(areas.id, input.key)).get()) {
        throw new AppError('NOT_FOUND', `No area ${input.key}: a receipt route's key is an area id or "default".`, { entity: 'area', id: input.key });
      }
      const row = { ...input, updatedAt: ctx.now };
      ctx.tx.insert(printerRoutes).values(row).onConflictDoUpdate({ target: [printerRoutes.kind, printerRoutes.key], set: { printerId: row.printerId, backupPrinterId: row.backupPrinterId, updatedAt: ctx.now } }).run();
      ctx.audit({ action: 'printer.route_set', entity: 'printer_route', entityId: `${input.kind}:${input.key}`, details: row });
      return row;
    });
  }

  deleteRoute(actor: Actor, kind: 'station' | 'receipt', key: string): Promise<{ deleted: true }> {
    return runCommand(this.deps, actor, (ctx) => {
      const where = and(eq(printerRoutes.kind, kind), eq(printerRoutes.key, key));
      if (!ctx.tx.select().from(printerRoutes).where(where).get()) throw notFound('printer route', `${kind}:${key}`);
      ctx.tx.delete(printerRoutes).where(where).run();
      ctx.audit({ action: 'printer.route_deleted', entity: 'printer_route', entityId: `${kind}:${key}` });
      return { deleted: true as const };
    });
  }

  listJobs(query: ListJobsQueryT): PrintJobViewT[] {
    const where: SQL[] = [];
    if (query.status) where.push(eq(printJobs.status, query.status));
    if (query.printerId) where.push(eq(printJobs.printerId, query.printerId));
    if (query.orderId) where.push(eq(printJobs.orderId, query.orderId));
    return this.deps.db.select().from(printJobs).where(and(...where)).orderBy(desc(printJobs.createdAt), desc(printJobs.id)).limit(query.limit).all().map(jobView);
  }

  getJob(id: string): PrintJobViewT {
    const job = this.deps.db.select().from(printJobs).where(eq(printJobs.id, id)).get();
    if (!job) throw notFound('print job', id);
    return jobView(job);
  }

  /** Prints a job again, on the printer it is on now, with REPRINT at the top. */
  reprint(actor: Actor, id: string): Promise<PrintJobViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const job = ctx.tx.select().from(printJobs).where(eq(printJobs.id, id)).get();
      if (!job) throw notFound('print job', id);
      this.assertEnabled(this.load(ctx.tx, job.printerId));
      const route = job.routeKind && job.routeKey ? { kind: job.routeKind, key: job.routeKey } : null;
      const copy = enqueueJob(ctx, { printerId: job.printerId, template: job.template as never, data: job.data, route, orderId: job.orderId, ticketId: job.ticketId, reprintOf: job.id, reprint: job.template !== 'drawer-kick' });
      ctx.audit({ action: 'print.reprint', entity: 'print_job', entityId: id, details: { template: job.template, newJobId: copy.id } });
      return jobView(copy);
    });
  }

  /** A test page on one printer (queued like any job: this never waits for the printer). */
  printTest(actor: Actor, printerId: string): Promise<PrintJobViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const printer = this.load(ctx.tx, printerId);
      this.assertEnabled(printer);
      return jobView(enqueueJob(ctx, { printerId, template: 'test-page', data: { printerName: printer.name, address: printer.address, printedAt: new Date(ctx.now).toISOString() } }));
    });
  }

  /** A table's QR code (issue 19) on the receipt printer of the table's area (or `default`). */
  printTableQr(actor: Actor, tableId: string, data: { tableLabel: string; url: string }): Promise<PrintJobViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const route = receiptRoute(ctx.tx, tableId);
      if (!route) throw new AppError('NO_PRINTER', 'No receipt printer for this table\'s area: add a receipt route (PUT /printer-routes).');
      this.assertEnabled(this.load(ctx.tx, route.printerId));
      const job = enqueueJob(ctx, { printerId: route.printerId, template: 'table-qr', data: { restaurantName: loadRestaurant(ctx.tx).name, ...data }, route: { kind: 'receipt', key: route.key } });
      return jobView(job);
    });
  }

  /** The bill for an order (guest check before paying, receipt after), on the area's receipt printer. */
  printBill(actor: Actor, orderId: string, kind: 'receipt' | 'guest-check', input: PrintForOrderInput): Promise<PrintJobViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const loaded = loadOrder(ctx.tx, orderId);
      const route = input.printerId ? null : receiptRoute(ctx.tx, loaded.order.tableId);
      const printerId = input.printerId ?? route?.printerId;
      if (!printerId) throw new AppError('NO_PRINTER', 'No receipt printer for this order\'s area: add a receipt route (PUT /printer-routes) or name a printer.');
      this.assertEnabled(this.load(ctx.tx, printerId));
      const data = this.billData(ctx, orderId, input.qr ?? null, kind);
      const job = enqueueJob(ctx, { printerId, template: kind, data, route: route ? { kind: 'receipt', key: route.key } : null, orderId });
      return jobView(job);
    });
  }

  private billData(ctx: CommandContext, orderId: string, qr: string | null, kind: 'receipt' | 'guest-check'): BillData {
    const check = buildGuestCheck(ctx.tx, orderId, this.payments.listForOrder(orderId));
    const restaurant = loadRestaurant(ctx.tx);
    return {
      restaurant: { name: check.restaurant.name, currency: check.restaurant.currency },
      order: { number: check.order.number, table: check.order.table, server: check.order.server, guestCount: check.order.guestCount },
      lines: check.lines, subtotal: check.subtotal, discounts: check.discounts, serviceCharge: check.serviceCharge, serviceChargeBp: check.serviceChargeBp,
      taxes: check.taxes, taxIncluded: check.taxIncluded, total: check.total, payments: check.payments, paid: check.paid, tips: check.tips, balance: check.balance,
      printedAt: ctx.now, timeZone: restaurant.timeZone, qr, loyalty: kind === 'receipt' ? receiptLoyalty(ctx.tx, orderId) : null,
    };
  }

  private view(p: PrinterRow, queued: number): PrinterViewT {
    const problem = this.alerts.problemOf(p.id);
    return { ...p, problem: problem?.problem ?? null, problemSince: problem?.since ?? null, queued };
  }

  private load(tx: DbLike, id: string): PrinterRow {
    const printer = tx.select().from(printers).where(eq(printers.id, id)).get();
    if (!printer) throw notFound('printer', id);
    return printer;
  }

  private assertEnabled(printer: PrinterRow): void {
    if (!printer.enabled) throw new AppError('PRINTER_DISABLED', `Printer ${printer.name} is disabled: enable it first.`, { printerId: printer.id });
  }

  private assertNameFree(tx: DbLike, name: string, exceptId: string | null): void {
    const other = tx.select({ id: printers.id }).from(printers).where(eq(printers.name, name)).get();
    if (other && other.id !== exceptId) throw new AppError('DUPLICATE', `There is already a printer called "${name}".`, { field: 'name' });
  }
}
