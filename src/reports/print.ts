import { eq } from 'drizzle-orm';
import { printers } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import { enqueueJob, receiptRoute, type PrintJobRow } from '../printing/enqueue.js';
import type { ReportData } from '../../printers/templates/index.js';
import type { DayFigures } from './rules.js';

/** A day's figures as the report template prints them. */
export function reportData(ctx: CommandContext, kind: 'x' | 'z', figures: DayFigures, generatedAt: number, number?: number): ReportData {
  const r = loadRestaurant(ctx.tx);
  return {
    kind, ...(number !== undefined ? { number } : {}), restaurantName: r.name, currency: r.currency, businessDay: figures.businessDay, generatedAt, timeZone: r.timeZone,
    orders: figures.orders, gross: figures.gross, discounts: figures.discounts, voids: figures.voids.amount, serviceCharge: figures.serviceCharge, net: figures.net,
    taxes: figures.taxes.map((t) => ({ rateBp: t.rateBp, tax: t.tax })), tips: figures.tips, refunds: figures.refunds.amount,
    payments: figures.payments.map((p) => ({ method: p.method, count: p.count, amount: p.amount })),
    ...(figures.bySource?.length ? { bySource: figures.bySource.map((s) => ({ source: s.source, orders: s.orders, total: s.total, commission: s.commission })) } : {}),
    ...(figures.carriedOver?.length ? { carriedOver: figures.carriedOver.map((c) => ({ fromNumber: c.fromNumber, toNumber: c.toNumber, toDay: c.toDay, total: c.total, paid: c.paid })) } : {}),
  };
}

/**
 * Queues a report on the default receipt printer. `required`: refuse (NO_PRINTER, PRINTER_DISABLED)
 * when it cannot print; otherwise (the automatic print of a Z) quietly print nothing.
 */
export function enqueueReport(ctx: CommandContext, data: ReportData, options: { required: boolean; reprint?: boolean }): PrintJobRow | null {
  const route = receiptRoute(ctx.tx, null);
  if (!route) {
    if (!options.required) return null;
    throw new AppError('NO_PRINTER', 'No receipt printer: add a default receipt route (PUT /printer-routes with kind receipt, key default).');
  }
  const printer = ctx.tx.select({ name: printers.name, enabled: printers.enabled }).from(printers).where(eq(printers.id, route.printerId)).get();
  if (!printer?.enabled) {
    if (!options.required) return null;
    throw new AppError('PRINTER_DISABLED', `Printer ${printer?.name ?? route.printerId} is disabled: enable it first.`, { printerId: route.printerId });
  }
  return enqueueJob(ctx, { printerId: route.printerId, template: 'report', data, route: { kind: 'receipt', key: route.key }, reprint: options.reprint ?? false });
}
