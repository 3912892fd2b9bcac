import fs from 'node:fs';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { processMetrics } from './process-metrics.js';
import type { MiddlewareHandler } from 'hono';
import { timeRequests } from './request-timing.js';
import type Database from 'better-sqlite3';
import type { EventBus } from '../events/bus.js';
import type { SyncService } from '../sync/service.js';
import type { BackupService } from '../backup/service.js';

export interface BoxMetricsDeps {
  client: Database.Database;
  bus: EventBus;
  sync: SyncService;
  backups: BackupService;
  now: () => number;
}

/**
 * The box's Prometheus metrics (GET /metrics). Counters come from the event bus (after commit, so
 * they count what was acknowledged); queue depths and sizes are read when scraped, so a scrape every
 * 15 s costs a few small queries and nothing on the request path. Own registry: two boxes in one
 * test process do not share figures.
 */
export class BoxMetrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private wsClients: () => number = () => 0;

  constructor(private readonly deps: BoxMetricsDeps) {
    const registers = [this.registry];
    this.requestSeconds = new Histogram({
      name: 'brigade_http_request_duration_seconds', help: 'HTTP request latency by route pattern', labelNames: ['method', 'route', 'status'], registers,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    const orders = new Counter({ name: 'brigade_orders_created_total', help: 'Orders created (acknowledged) since the box started', registers });
    const payments = new Counter({ name: 'brigade_payments_total', help: 'Payments and refunds since the box started', labelNames: ['kind', 'method'], registers });
    const paymentCents = new Counter({ name: 'brigade_payments_amount_cents_total', help: 'Amount of payments and refunds, in minor units', labelNames: ['kind'], registers });
    deps.bus.subscribe((event) => {
      const data = event.data as { method?: string; amount?: number };
      if (event.type === 'order.created') orders.inc();
      else if (event.type === 'payment.taken' || event.type === 'payment.refunded') {
        const kind = event.type === 'payment.taken' ? 'payment' : 'refund';
        payments.inc({ kind, method: data.method ?? 'unknown' });
        paymentCents.inc({ kind }, data.amount ?? 0);
      }
    });
    this.scraped(registers);
  }

  /** The realtime hub comes up after the app: it tells the metrics how to count its sockets. */
  countWebSocketClients(count: () => number): void {
    this.wsClients = count;
  }

  /** Times every request, labelled by the route pattern (`/orders/:id`), never the raw path. */
  middleware(): MiddlewareHandler {
    return timeRequests(this.requestSeconds);
  }

  /** This box's metrics and the process's (event loop, memory), as Prometheus text. */
  text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics('brigade_')]).metrics();
  }

  /** Gauges read at scrape time. */
  private scraped(registers: Registry[]): void {
    const { client, sync, backups, now } = this.deps;
    const printQueue = client.prepare(`select p.name as printer, sum(j.status in ('queued', 'printing')) as depth, sum(j.status = 'failed') as failed
      from printers p left join print_jobs j on j.printer_id = p.id group by p.id`);
    new Gauge({ name: 'brigade_print_queue_depth', help: 'Print jobs waiting or being sent, per printer', labelNames: ['printer'], registers,
      collect() { this.reset(); for (const r of printQueue.all() as Array<{ printer: string; depth: number | null }>) this.set({ printer: r.printer }, r.depth ?? 0); } });
    new Gauge({ name: 'brigade_print_jobs_failed', help: 'Print jobs that failed for good (on no printer), per printer', labelNames: ['printer'], registers,
      collect() { this.reset(); for (const r of printQueue.all() as Array<{ printer: string; failed: number | null }>) this.set({ printer: r.printer }, r.failed ?? 0); } });
    new Gauge({ name: 'brigade_sync_queue_depth', help: 'Changes waiting to be sent to the cloud', registers,
      collect() { this.set(sync.status().queueDepth); } });
    new Gauge({ name: 'brigade_sync_lag_seconds', help: 'Age of the oldest change not yet acknowledged by the cloud (0 when none)', registers,
      collect() { this.set(sync.status().oldestUnsentAgeSeconds ?? 0); } });
    new Gauge({ name: 'brigade_sync_last_success_age_seconds', help: 'Seconds since the cloud last acknowledged a batch (-1: never)', registers,
      collect() { const at = sync.status().lastSuccessAt; this.set(at === null ? -1 : (now() - at) / 1000); } });
    const wsClients = () => this.wsClients();
    new Gauge({ name: 'brigade_websocket_clients', help: 'Screens and tablets connected on /ws', registers,
      collect() { this.set(wsClients()); } });
    const size = (file: string) => { try { return fs.statSync(file).size; } catch { return 0; } };
    new Gauge({ name: 'brigade_database_bytes', help: 'Size of the database file', registers, collect() { this.set(size(client.name)); } });
    new Gauge({ name: 'brigade_wal_bytes', help: 'Size of the write-ahead log', registers, collect() { this.set(size(`${client.name}-wal`)); } });
    new Gauge({ name: 'brigade_last_backup_age_seconds', help: 'Seconds since the newest backup (-1: none yet)', registers,
      collect() { const b = backups.latest(); this.set(b ? (now() - b.at) / 1000 : -1); } });
    new Gauge({ name: 'brigade_offbox_backup_age_seconds', help: 'Age of the backup the cloud holds as the off-box copy (-1: none yet)', registers,
      collect() { this.set(sync.offbox().ageSeconds ?? -1); } });
  }
}
