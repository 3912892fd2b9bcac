import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { printers, printJobs } from '../db/schema.js';
import { runCommand, SYSTEM_ACTOR, type CommandDeps } from '../db/command.js';
import { findRoute, type PrintJobRow } from './enqueue.js';

export type PrinterRow = typeof printers.$inferSelect;

/**
 * The queue's state changes, each its own durable command: a job is `printing` on disk before
 * its first byte leaves, so a crash mid-send is found at start-up and resent as REPRINT.
 */
export class JobStore {
  constructor(private readonly deps: CommandDeps) {}

  printer(id: string): PrinterRow | undefined {
    return this.deps.db.select().from(printers).where(eq(printers.id, id)).get();
  }

  allPrinters(): PrinterRow[] {
    return this.deps.db.select().from(printers).all();
  }

  printersWithQueuedJobs(): string[] {
    return this.deps.db.selectDistinct({ printerId: printJobs.printerId }).from(printJobs).where(eq(printJobs.status, 'queued')).all().map((r) => r.printerId);
  }

  /** The printer's oldest queued job (one at a time, in the order they were made). */
  nextQueued(printerId: string): PrintJobRow | undefined {
    return this.deps.db.select().from(printJobs).where(and(eq(printJobs.printerId, printerId), eq(printJobs.status, 'queued')))
      .orderBy(asc(printJobs.createdAt), asc(printJobs.id)).limit(1).get();
  }

  markPrinting(job: PrintJobRow): Promise<PrintJobRow> {
    return this.update(job.id, { status: 'printing', attempts: job.attempts + 1 });
  }

  markPrinted(job: PrintJobRow): Promise<PrintJobRow> {
    return runCommand(this.deps, SYSTEM_ACTOR, (ctx) => this.patch(job.id, { status: 'printed', printedAt: ctx.now, updatedAt: ctx.now, lastError: null }));
  }

  /** Back in the queue after a failed send; REPRINT from now on if any of its bytes may have printed. */
  markRetry(job: PrintJobRow, error: string, bytesStarted: boolean): Promise<PrintJobRow> {
    return this.update(job.id, { status: 'queued', lastError: error, reprint: job.reprint || bytesStarted });
  }

  /** A job that can never print (its template cannot be rendered): kept, visible, not retried. */
  markFailed(job: PrintJobRow, error: string): Promise<PrintJobRow> {
    return this.update(job.id, { status: 'failed', lastError: error });
  }

  /**
   * Moves this printer's queued jobs to their route's backup printer (drawer kicks stay: the drawer
   * hangs off this printer). Returns the printers that got jobs.
   */
  failOver(printerId: string): Promise<string[]> {
    return runCommand(this.deps, SYSTEM_ACTOR, (ctx) => {
      const queued = ctx.tx.select().from(printJobs).where(and(eq(printJobs.printerId, printerId), eq(printJobs.status, 'queued'), ne(printJobs.template, 'drawer-kick'))).all();
      const targets = new Set<string>();
      for (const job of queued) {
        if (!job.routeKind || !job.routeKey) continue;
        const route = findRoute(ctx.tx, job.routeKind, job.routeKey);
        const backup = route?.backupPrinterId;
        if (!backup || backup === printerId) continue;
        const target = this.printerIn(ctx.tx, backup);
        if (!target?.enabled) continue;
        this.patch(job.id, { printerId: backup, failedOverFrom: printerId, updatedAt: ctx.now });
        targets.add(backup);
      }
      return [...targets];
    });
  }

  /** At start-up: a job left `printing` by a crash may be half on paper, so it goes again as REPRINT. */
  recover(): Promise<number> {
    return runCommand(this.deps, SYSTEM_ACTOR, (ctx) => {
      const stuck = ctx.tx.select({ id: printJobs.id }).from(printJobs).where(eq(printJobs.status, 'printing')).all().map((r) => r.id);
      if (stuck.length > 0) {
        ctx.tx.update(printJobs).set({ status: 'queued', reprint: true, lastError: 'The box stopped while sending this job.', updatedAt: ctx.now })
          .where(inArray(printJobs.id, stuck)).run();
      }
      return stuck.length;
    });
  }

  private printerIn(tx: CommandDeps['db'], id: string): PrinterRow | undefined {
    return tx.select().from(printers).where(eq(printers.id, id)).get();
  }

  private update(id: string, patch: Partial<PrintJobRow>): Promise<PrintJobRow> {
    return runCommand(this.deps, SYSTEM_ACTOR, (ctx) => this.patch(id, { ...patch, updatedAt: ctx.now }));
  }

  private patch(id: string, patch: Partial<PrintJobRow>): PrintJobRow {
    return this.deps.db.update(printJobs).set(patch).where(eq(printJobs.id, id)).returning().get()!;
  }
}
