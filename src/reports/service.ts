import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { zReports } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { AppError } from '../errors.js';
import { requestHash } from '../lib/request-hash.js';
import { remember, replayed } from '../payments/idempotency.js';
import { businessDayAt, currentBusinessDay, dayHasActivity, dayToClose, lastZ } from './current-day.js';
import { businessDay, businessDayStart } from '../lib/business-day.js';
import { loadRestaurant } from '../setup/service.js';
import { dayFigures, zRefusal, type DayFigures } from './rules.js';
import { loadDayInput, openOrdersUpTo } from './store.js';
import { enqueueReport, reportData } from './print.js';
import { carryOpenOrdersOver } from './carry-over.js';
import type { PrintJobRow } from '../printing/enqueue.js';
import type { ListZQueryT, XReportViewT, ZCloseResultT, ZReportViewT } from './schemas.js';

type ZReportRow = typeof zReports.$inferSelect;

const zView = (row: ZReportRow): ZReportViewT => ({
  id: row.id, number: row.number, businessDay: row.businessDay, closedAt: row.closedAt, closedBy: row.closedBy, totals: row.totals,
});

/** The change-log image of a Z (entity `z_report`, a fact): the cloud keeps `totals` as jsonb. */
export function zReportImage(row: ZReportRow): Record<string, unknown> {
  return { ...row };
}

/** A print job as the API shows it (without its template data). */
export type ReportPrintJob = Omit<PrintJobRow, 'data'>;

/**
 * X and Z reports (issue 7). An X shows the current business day so far and changes nothing; a Z
 * closes it: figures frozen, numbered, synced to the cloud and printed, all in one transaction.
 * From then on new writes belong to the next business day (current-day.ts), even before midnight.
 */
export class ReportsService {
  constructor(private readonly deps: CommandDeps) {}

  /** The current business day so far, with the orders still open. */
  x(): XReportViewT {
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const day = businessDayAt(db, now);
    const open = openOrdersUpTo(db, day);
    return {
      kind: 'x', businessDay: day, generatedAt: now, totals: dayFigures(loadDayInput(db, day)),
      openOrders: { count: open.length, amount: open.reduce((s, o) => s + o.total, 0), balance: open.reduce((s, o) => s + o.total - o.paid, 0), numbers: open.map((o) => o.number) },
    };
  }

  /**
   * Closes the oldest business day not yet closed that has activity (else the current one; see
   * dayToClose). Refused (DAY_HAS_OPEN_ORDERS) while an order of that day or an
   * earlier one is open, and (DAY_NOT_STARTED) when that day has not started (rules.ts zRefusal):
   * a second Z from a double tap or a second tablet, even with its own key, closes nothing. Keyed by an Idempotency-Key: a retry returns the same Z, never a second one.
   */
  /**
   * Takes the Z of the oldest unclosed day. `carryOpenOrders` (the automatic Z only): orders still
   * open move to the business day that has begun instead of refusing the close (carry-over.ts).
   */
  closeZ(actor: Actor, key: string, options: { carryOpenOrders?: boolean } = {}): Promise<ZCloseResultT> {
    const hash = requestHash({ command: 'z' });
    return runCommand(this.deps, actor, (ctx) => {
      const scope = 'z-report';
      const earlier = replayed<ZCloseResultT>(ctx, scope, key, hash);
      if (earlier) return earlier;
      const day = dayToClose(ctx.tx, currentBusinessDay(ctx));
      refuseUnstartedDay(ctx, day);
      const open = openOrdersUpTo(ctx.tx, day);
      const today = currentBusinessDay(ctx);
      const carried = open.length > 0 && options.carryOpenOrders && today > day ? carryOpenOrdersOver(ctx, open, today) : [];
      if (open.length > 0 && carried.length === 0) {
        throw new AppError('DAY_HAS_OPEN_ORDERS', `Business day ${day} still has ${open.length} open order(s): #${open.map((o) => o.number).join(', #')}. Close or cancel them first.`,
          { businessDay: day, numbers: open.map((o) => o.number), orders: open.map((o) => ({ id: o.id, number: o.number, businessDay: o.businessDay })) });
      }
      const totals: DayFigures = { ...dayFigures(loadDayInput(ctx.tx, day)), ...(carried.length ? { carriedOver: carried } : {}) };
      const number = (ctx.tx.select({ n: sql<number | null>`max(${zReports.number})` }).from(zReports).get()?.n ?? 0) + 1;
      const row: ZReportRow = { id: ctx.newId(), number, businessDay: day, closedAt: ctx.now, closedBy: ctx.actor.staffId, totals, createdAt: ctx.now };
      ctx.tx.insert(zReports).values(row).run();
      ctx.change('z_report', zReportImage(row), { op: 'insert' });
      ctx.audit({ action: 'report.z_closed', entity: 'z_report', entityId: row.id, details: { number, businessDay: day, total: totals.total } });
      const job = enqueueReport(ctx, reportData(ctx, 'z', totals, row.closedAt, number), { required: false });
      const result: ZCloseResultT = { ...zView(row), printJobId: job?.id ?? null };
      remember(ctx, scope, key, hash, 201, result);
      ctx.emit({ type: 'report.z_closed', data: { number, businessDay: day } });
      return result;
    });
  }

  list(query: ListZQueryT): ZReportViewT[] {
    const where: SQL[] = [];
    if (query.from) where.push(gte(zReports.businessDay, query.from));
    if (query.to) where.push(lte(zReports.businessDay, query.to));
    return this.deps.db.select().from(zReports).where(and(...where)).orderBy(desc(zReports.number)).limit(query.limit).all().map(zView);
  }

  get(number: number): ZReportViewT {
    return zView(this.load(this.deps.db, number));
  }

  /** Prints a Z again, labelled REPRINT, with its frozen figures. */
  printZ(actor: Actor, number: number): Promise<ReportPrintJob> {
    return runCommand(this.deps, actor, (ctx) => {
      const row = this.load(ctx.tx, number);
      const job = enqueueReport(ctx, reportData(ctx, 'z', row.totals, row.closedAt, row.number), { required: true, reprint: true })!;
      ctx.audit({ action: 'report.z_reprinted', entity: 'z_report', entityId: row.id, details: { number, jobId: job.id } });
      return printJobView(job);
    });
  }

  /** Prints an X of the current business day so far. */
  printX(actor: Actor): Promise<ReportPrintJob> {
    return runCommand(this.deps, actor, (ctx) => {
      const figures: DayFigures = dayFigures(loadDayInput(ctx.tx, currentBusinessDay(ctx)));
      return printJobView(enqueueReport(ctx, reportData(ctx, 'x', figures, ctx.now), { required: true })!);
    });
  }

  private load(tx: CommandContext['tx'], number: number): ZReportRow {
    const row = tx.select().from(zReports).where(eq(zReports.number, number)).get();
    if (!row) throw new AppError('NOT_FOUND', `There is no Z report #${number}.`, { entity: 'z report', id: String(number) });
    return row;
  }
}

/** Throws DAY_NOT_STARTED when a Z may not close `day` now (rules.ts zRefusal). */
function refuseUnstartedDay(ctx: CommandContext, day: string): void {
  const r = loadRestaurant(ctx.tx);
  const refusal = zRefusal({
    day, clockDay: businessDay(ctx.now, r.timeZone, r.dayStartHour), hasActivity: dayHasActivity(ctx.tx, day), last: lastZ(ctx.tx),
    dayStartsAt: businessDayStart(day, r.timeZone, r.dayStartHour), dayStartHour: r.dayStartHour,
  });
  if (refusal) throw new AppError('DAY_NOT_STARTED', refusal.message, refusal.details);
}

function printJobView({ data: _data, ...job }: PrintJobRow): ReportPrintJob {
  return job;
}
