import type { Logger } from 'pino';
import type { CommandDeps } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import type { PrinterAlerts } from './alerts.js';
import { PRINTER_CHANGED } from './service.js';
import { JOB_QUEUED } from './enqueue.js';
import { JobStore } from './job-store.js';
import { PrinterWorker, type PrintSettings } from './worker.js';

const SWEEP_MS = 5000;

/**
 * Runs the print queue: one worker per printer, woken by jobs committed on the bus. Started after
 * HTTP (architecture §3), stopped before the database closes.
 */
export class PrintManager {
  readonly store: JobStore;
  private readonly workers = new Map<string, PrinterWorker>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly deps: CommandDeps, readonly alerts: PrinterAlerts, private readonly settings: PrintSettings, private readonly logger: Logger) {
    this.store = new JobStore(deps);
  }

  /** Resends what a crash left mid-send (as REPRINT), then starts a worker for every printer with work. */
  async start(): Promise<void> {
    const recovered = await this.store.recover();
    if (recovered > 0) this.logger.warn({ recovered }, 'print jobs left mid-send are queued again as REPRINT');
    this.unsubscribe = this.deps.bus.subscribe((event) => {
      if (event.type === JOB_QUEUED || event.type === PRINTER_CHANGED) this.wake((event.data as { printerId: string }).printerId);
    });
    this.sweep();
    // Jobs written by another process (the CLI) reach no bus here: look for them now and then.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    for (const printerId of this.store.printersWithQueuedJobs()) this.wake(printerId);
  }

  /** Wakes (or creates) a printer's worker: after a job is queued, a printer is enabled or changed. */
  wake(printerId: string): void {
    if (this.stopped) return;
    let worker = this.workers.get(printerId);
    if (!worker) {
      worker = new PrinterWorker(printerId, {
        store: this.store, alerts: this.alerts, settings: this.settings, logger: this.logger,
        timeZone: () => this.timeZone(), wake: (id) => this.wake(id),
      });
      this.workers.set(printerId, worker);
    }
    worker.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
  }

  private timeZone(): string {
    try {
      return loadRestaurant(this.deps.db).timeZone;
    } catch {
      return 'UTC';
    }
  }
}
