import { and, eq, sql } from 'drizzle-orm';
import { diningTables, printerRoutes, printJobs } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { insertRow } from '../db/raw.js';
import { preparedPerConnection } from '../db/prepared.js';
import type { TemplateName } from '../../printers/templates/index.js';

export type PrintJobRow = typeof printJobs.$inferSelect;
export type RouteKind = 'station' | 'receipt';

/** The event that wakes a printer's worker after the job's transaction committed (screens never see it). */
export const JOB_QUEUED = 'print.job_queued';

function prepareRouteQueries(db: DbLike) {
  return {
    route: db.select({ printerId: printerRoutes.printerId, backupPrinterId: printerRoutes.backupPrinterId }).from(printerRoutes)
      .where(and(eq(printerRoutes.kind, sql.placeholder('kind')), eq(printerRoutes.key, sql.placeholder('key')))).prepare(),
    tableArea: db.select({ areaId: diningTables.areaId }).from(diningTables).where(eq(diningTables.id, sql.placeholder('id'))).prepare(),
  };
}
const routeQueries = preparedPerConnection(prepareRouteQueries);

/** The printer (and backup) for a station's tickets or an area's receipts; null when nothing is routed. */
export function findRoute(tx: DbLike, kind: RouteKind, key: string): { printerId: string; backupPrinterId: string | null; key: string } | null {
  const row = routeQueries(tx).route.get({ kind, key });
  return row ? { ...row, key } : null;
}

/** An order's receipt printer: its table's area, else the `default` receipt route. */
export function receiptRoute(tx: DbLike, tableId: string | null): { printerId: string; backupPrinterId: string | null; key: string } | null {
  const area = tableId ? routeQueries(tx).tableArea.get({ id: tableId })?.areaId : undefined;
  return (area ? findRoute(tx, 'receipt', area) : null) ?? findRoute(tx, 'receipt', 'default');
}

export interface NewJob {
  printerId: string;
  template: TemplateName;
  data: object;
  route?: { kind: RouteKind; key: string } | null;
  orderId?: string | null;
  ticketId?: string | null;
  reprintOf?: string | null;
  reprint?: boolean;
}

/** Writes a queued job in the caller's transaction; its printer's worker is woken after commit. */
export function enqueueJob(ctx: CommandContext, job: NewJob): PrintJobRow {
  const row: PrintJobRow = {
    id: ctx.newId(), printerId: job.printerId, template: job.template, data: job.data as Record<string, unknown>, status: 'queued', reprint: job.reprint ?? false,
    attempts: 0, routeKind: job.route?.kind ?? null, routeKey: job.route?.key ?? null, orderId: job.orderId ?? null, ticketId: job.ticketId ?? null,
    reprintOf: job.reprintOf ?? null, lastError: null, failedOverFrom: null, createdAt: ctx.now, updatedAt: ctx.now, printedAt: null,
  };
  insertRow(ctx.tx, 'print_jobs', row);
  ctx.emit({ type: JOB_QUEUED, data: { printerId: row.printerId, jobId: row.id } });
  return row;
}

/** What a kitchen ticket job carries: the ticket as fired (rendered at send time, with the restaurant's time zone). */
export interface TicketJobInput {
  ticketId: string; orderId: string; kind: 'new' | 'add' | 'void'; orderNumber: number; station: string; tableLabel: string | null;
  serverName: string | null; course: number | null; firedAt: number;
  /** The attached customer's allergies, printed in white on black under the header. */
  allergies?: string | null;
  /** "UBER EATS #A12B" for a delivery platform's order (issue 21). */
  platform?: string | null;
  lines: Array<{ name: string; quantity: number; seat: number | null; course: number; notes: string | null; options: string[] }>;
}

/** A station's ticket → a job on the station's printer (nothing when the station has no printer: the screens still show it). */
export function enqueueTicket(ctx: CommandContext, ticket: TicketJobInput): PrintJobRow | null {
  const route = findRoute(ctx.tx, 'station', ticket.station);
  if (!route) return null;
  const { ticketId, orderId, ...data } = ticket;
  return enqueueJob(ctx, { printerId: route.printerId, template: 'kitchen-ticket', data, route: { kind: 'station', key: route.key }, orderId, ticketId });
}

/** A cash payment opens the drawer at the order's receipt printer (never failed over: the drawer is attached to that printer). */
export function enqueueDrawerKick(ctx: CommandContext, orderId: string, tableId: string | null): PrintJobRow | null {
  const route = receiptRoute(ctx.tx, tableId);
  if (!route) return null;
  return enqueueJob(ctx, { printerId: route.printerId, template: 'drawer-kick', data: {}, orderId });
}
