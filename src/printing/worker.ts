import type { Logger } from 'pino';
import { PrintError, transportFor, type PrintFailure, type PrinterTransport } from '../../printers/transport/index.js';
import type { PrintJobRow } from './enqueue.js';
import type { JobStore, PrinterRow } from './job-store.js';
import type { PrinterAlerts, PrinterProblem } from './alerts.js';
import { renderJob } from './render.js';

export interface PrintSettings {
  connectTimeoutMs: number;
  replyTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failures before a printer's jobs move to their backup printer. */
  failoverAfter: number;
}

export interface WorkerDeps {
  store: JobStore;
  alerts: PrinterAlerts;
  settings: PrintSettings;
  logger: Logger;
  timeZone(): string;
  /** Another printer got jobs (fail-over): wake its worker. */
  wake(printerId: string): void;
}

const PROBLEMS: Partial<Record<PrintFailure, PrinterProblem>> = {
  unreachable: 'unreachable', timeout: 'unreachable', write_failed: 'unreachable', paper_out: 'paper_out', cover_open: 'cover_open', offline: 'offline',
};

/** Exponential backoff: base, 2×base, 4×base … capped. */
export function backoffMs(failures: number, settings: Pick<PrintSettings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, failures - 1));
}

/**
 * One printer's worker: one job at a time, oldest first. Everything it waits on is a socket or a
 * timer, so a hung printer holds up only its own queue — never another printer, never HTTP.
 */
export class PrinterWorker {
  private running = false;
  private stopped = false;
  private failures = 0;
  private sleeper: { timer: NodeJS.Timeout; resolve(): void } | null = null;
  private loop: Promise<void> = Promise.resolve();
  private pendingWrite: Promise<void> = Promise.resolve();

  constructor(readonly printerId: string, private readonly deps: WorkerDeps) {}

  /** New work (or a config change): start, or cut a backoff wait short when the printer was fine. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      if (this.failures === 0) this.sleeper?.resolve();
      return;
    }
    this.running = true;
    this.loop = this.run().catch((error: unknown) => this.deps.logger.error({ err: error, printerId: this.printerId }, 'print worker crashed'))
      .finally(() => { this.running = false; });
  }

  /** Stops taking jobs and waits for the one being sent (its wait is bounded by the timeouts). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper?.resolve();
    await this.loop;
    await this.pendingWrite;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const printer = this.deps.store.printer(this.printerId);
      if (!printer || !printer.enabled) return;
      const job = this.deps.store.nextQueued(this.printerId);
      if (!job) {
        // Idle with a problem raised: keep asking the printer, so the alert clears when someone fixes it.
        if (!this.deps.alerts.problemOf(printer.id)) return;
        await this.probe(printer);
        continue;
      }
      const ok = await this.send(printer, job);
      if (ok) continue;
      if (this.failures >= this.deps.settings.failoverAfter) {
        for (const target of await this.deps.store.failOver(this.printerId)) this.deps.wake(target);
      }
      await this.sleep(backoffMs(this.failures, this.deps.settings));
    }
  }

  private transport(printer: PrinterRow): PrinterTransport {
    const { connectTimeoutMs, replyTimeoutMs } = this.deps.settings;
    return transportFor(printer.connection, printer.address, { connectMs: connectTimeoutMs, replyMs: replyTimeoutMs });
  }

  private async send(printer: PrinterRow, queued: PrintJobRow): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = renderJob(queued, printer, this.deps.timeZone());
    } catch (error) {
      await this.deps.store.markFailed(queued, `Cannot render: ${(error as Error).message}`);
      return true;
    }
    // `printing` must be on disk before the first byte goes out (a crash then means REPRINT); its
    // commit runs while the connection is opened and the status asked, and the write waits for it.
    const marking = this.deps.store.markPrinting(queued);
    let job: PrintJobRow = { ...queued, status: 'printing', attempts: queued.attempts + 1 };
    try {
      await this.transport(printer).send(bytes, async () => { job = await marking; });
    } catch (error) {
      job = await marking;
      const failure = error instanceof PrintError ? error : new PrintError('write_failed', (error as Error).message, true);
      this.failures += 1;
      await this.deps.store.markRetry(job, failure.message, failure.bytesStarted);
      const problem = PROBLEMS[failure.failure];
      if (problem) this.deps.alerts.raise(printer.id, printer.name, problem);
      this.deps.logger.warn({ printerId: printer.id, jobId: job.id, failure: failure.failure, attempts: job.attempts }, 'print job failed');
      return false;
    }
    this.failures = 0;
    // Not awaited: it joins the next job's `printing` in one group commit. A crash before it lands
    // leaves the job `printing`, so it is resent marked REPRINT, never silently twice.
    this.pendingWrite = this.deps.store.markPrinted(job).then(() => {}, (error: unknown) => this.deps.logger.error({ err: error, jobId: job.id }, 'could not mark a print job printed'));
    this.deps.alerts.clear(printer.id);
    return true;
  }

  private async probe(printer: PrinterRow): Promise<void> {
    try {
      const status = await this.transport(printer).status();
      const problem = status ? (status.paperOut ? 'paper_out' : status.coverOpen ? 'cover_open' : status.offline ? 'offline' : null) : null;
      if (problem) this.deps.alerts.raise(printer.id, printer.name, problem);
      else { this.deps.alerts.clear(printer.id); this.failures = 0; return; }
    } catch {
      this.deps.alerts.raise(printer.id, printer.name, 'unreachable');
    }
    await this.sleep(this.deps.settings.retryMaxMs);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.sleeper = null; resolve(); }, ms);
      this.sleeper = { timer, resolve: () => { clearTimeout(timer); this.sleeper = null; resolve(); } };
    });
  }
}
