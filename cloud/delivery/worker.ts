/**
 * The delivery worker (issue 21): every tick, per location with a platform connection, refuses the
 * orders nobody answered in time (./outbox.ts) and sends the statuses that are due. A row is
 * claimed by pushing its next attempt past the send's timeout (a lease), so a crash mid-send
 * leaves it to be sent again — platforms take a repeated accept or ready as the same.
 *
 * Outcomes: 2xx → sent; a 4xx other than 408/425/429 → dead at once (the platform refuses this
 * call; retrying changes nothing) with an alert; anything else (5xx, timeout, refused
 * connection) → retried after base × 2^(attempts−1), jittered, capped; dead after maxAttempts.
 */
import type { Logger } from 'pino';
import type { CloudDb } from '../db.js';
import { withTenant } from '../tenant.js';
import { PLATFORMS } from '../platforms/index.js';
import type { DeliveryStatus, RejectReason } from '../../sync/delivery-messages.js';
import { connectedPlaces, findConnection, type Connection } from './connections.js';
import { expireUnanswered } from './outbox.js';

export interface DeliveryWorkerOptions {
  intervalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

interface Due { id: string; platform: string; platform_order_id: string; status: DeliveryStatus; reason: RejectReason | null; prep_minutes: number | null; note: string | null; attempts: number }

const RETRYABLE_4XX = new Set([408, 425, 429]);

export function backoffMs(attempts: number, base: number, max: number, random = Math.random): number {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.5 + random() / 2));
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly o: Required<DeliveryWorkerOptions>;

  constructor(private readonly db: CloudDb, private readonly logger: Logger, options: DeliveryWorkerOptions = {}) {
    this.o = { intervalMs: 1000, baseDelayMs: 2000, maxDelayMs: 10 * 60_000, maxAttempts: 15, timeoutMs: 5000, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over every connected location; a pass still running makes the next wait for it. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = this.pass().catch((err: unknown) => this.logger.error({ err }, 'delivery worker pass failed')).finally(() => { this.running = null; });
    }
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const place of await connectedPlaces(this.db)) {
      const tenant = { ...place, deviceId: 'delivery-worker' };
      const expired = await withTenant(this.db, tenant, (q) => expireUnanswered(q, place));
      if (expired > 0) this.logger.warn({ locationId: place.locationId, expired }, 'platform orders refused: no answer from the box in time');
      const due = await withTenant(this.db, tenant, async (q) => (await q.query<Due>(`UPDATE platform_outbox SET attempts = attempts + 1,
          next_attempt_at = now() + make_interval(secs => $2 / 1000.0)
        WHERE location_id = $1 AND id IN (SELECT id FROM platform_outbox WHERE location_id = $1 AND state = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT 50 FOR UPDATE SKIP LOCKED)
        RETURNING id, platform, platform_order_id, status, reason, prep_minutes, note, attempts`, [place.locationId, this.o.timeoutMs * 2])).rows);
      if (due.length === 0) continue;
      const connections = new Map<string, Connection | null>();
      for (const row of due) if (!connections.has(row.platform)) connections.set(row.platform, await findConnection(this.db, place.locationId, row.platform));
      // In parallel: a platform that hangs until the timeout does not hold back another's statuses.
      await Promise.all(due.map((row) => this.send(tenant, row, connections.get(row.platform) ?? null)));
    }
  }

  private async send(tenant: { locationId: string; organisationId: string; deviceId: string }, row: Due, connection: Connection | null): Promise<void> {
    const adapter = PLATFORMS.get(row.platform);
    const call = adapter?.statusCall({ platformOrderId: row.platform_order_id, storeRef: connection?.storeRef ?? null, status: row.status, reason: row.reason, prepMinutes: row.prep_minutes, note: row.note });
    if (!adapter || !call || !connection?.apiUrl) {
      const why = !call ? `${row.platform} is not told "${row.status}"` : 'no API URL is configured for this platform';
      await this.finish(tenant, row, 'skipped', null, why);
      return;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(connection.apiUrl.replace(/\/$/, '') + call.path, {
        method: call.method, body: JSON.stringify(call.body), signal: AbortSignal.timeout(this.o.timeoutMs),
        headers: { 'content-type': 'application/json', ...(connection.apiToken ? { authorization: `Bearer ${connection.apiToken}` } : {}) },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await this.finish(tenant, row, 'sent', status, null);
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer in ${this.o.timeoutMs} ms` : (err as Error).message;
    }
    const refused = status !== null && status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
    if (refused || row.attempts >= this.o.maxAttempts) {
      await this.finish(tenant, row, 'dead', status, error);
      return;
    }
    const delay = backoffMs(row.attempts, this.o.baseDelayMs, this.o.maxDelayMs);
    await withTenant(this.db, tenant, (q) => q.query(`UPDATE platform_outbox SET next_attempt_at = now() + make_interval(secs => $3 / 1000.0), last_error = $4, last_status = $5
      WHERE location_id = $1 AND id = $2`, [tenant.locationId, row.id, delay, error, status]));
    this.logger.warn({ locationId: tenant.locationId, platform: row.platform, status: row.status, attempts: row.attempts, retryInMs: delay, error }, 'platform status not delivered; will retry');
  }

  private async finish(tenant: { locationId: string; organisationId: string; deviceId: string }, row: Due, state: 'sent' | 'skipped' | 'dead', status: number | null, error: string | null): Promise<void> {
    await withTenant(this.db, tenant, async (q) => {
      await q.query(`UPDATE platform_outbox SET state = $3, last_status = $4, last_error = $5, sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END
        WHERE location_id = $1 AND id = $2`, [tenant.locationId, row.id, state, status, error]);
      // Dead, or a cancellation the platform's API cannot take (Deliveroo): a person must tell the platform.
      if (state === 'dead' || (state === 'skipped' && row.status === 'cancelled')) {
        await q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'delivery.status_failed', $2, $3)`,
          [tenant.locationId, `${row.platform} was not told "${row.status}" for order ${row.platform_order_id}: ${error}. Tell the platform by hand (its support line or tablet).`,
            JSON.stringify({ platform: row.platform, platformOrderId: row.platform_order_id, status: row.status, attempts: row.attempts, lastStatus: status })]);
      }
    });
    if (state === 'dead') this.logger.error({ locationId: tenant.locationId, platform: row.platform, status: row.status, error }, 'platform status given up');
  }
}
