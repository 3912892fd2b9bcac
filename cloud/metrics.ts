import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { processMetrics } from '../src/metrics/process-metrics.js';
import type { MiddlewareHandler } from 'hono';
import { timeRequests } from '../src/metrics/request-timing.js';
import type { IngestResponse } from '../sync/protocol.js';

/**
 * The cloud service's Prometheus metrics (GET /metrics): request latency by route, ingest batches
 * by outcome, changes applied / skipped / rejected, and the time since the last batch from any box
 * (boxes → cloud lag is on each box's own /metrics as brigade_sync_lag_seconds). Own registry.
 */
export class CloudMetrics {
  readonly registry = new Registry();
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly batches: Counter<'outcome'>;
  private readonly changes: Counter<'result'>;
  private lastIngestAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {
    const registers = [this.registry];
    this.requestSeconds = new Histogram({
      name: 'brigade_cloud_http_request_duration_seconds', help: 'HTTP request latency by route pattern', labelNames: ['method', 'route', 'status'], registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.batches = new Counter({ name: 'brigade_cloud_ingest_batches_total', help: 'Ingest batches by outcome (ok, gap, error)', labelNames: ['outcome'], registers });
    this.changes = new Counter({ name: 'brigade_cloud_ingest_changes_total', help: 'Changes received, by result (applied, skipped, rejected)', labelNames: ['result'], registers });
    const lastAt = () => this.lastIngestAt;
    new Gauge({ name: 'brigade_cloud_last_ingest_age_seconds', help: 'Seconds since the last accepted batch from any box (-1: none since start)', registers,
      collect() { const at = lastAt(); this.set(at === null ? -1 : (now() - at) / 1000); } });
  }

  middleware(): MiddlewareHandler {
    return timeRequests(this.requestSeconds);
  }

  ingested(answer: IngestResponse): void {
    this.lastIngestAt = this.now();
    this.batches.inc({ outcome: 'ok' });
    this.changes.inc({ result: 'applied' }, answer.applied);
    this.changes.inc({ result: 'skipped' }, answer.skipped);
    this.changes.inc({ result: 'rejected' }, answer.rejected);
  }

  refused(code: string | undefined): void {
    this.batches.inc({ outcome: code === 'SYNC_GAP' ? 'gap' : 'error' });
  }

  text(): Promise<string> {
    return Registry.merge([this.registry, processMetrics('brigade_cloud_')]).metrics();
  }
}
