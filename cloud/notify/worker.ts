/**
 * Sends queued notifications (issue 20), at least once: a message is leased, sent, then marked
 * sent; a worker that dies between the send and the mark leaves it to be sent again after the lease
 * (the Message-ID lets a mail server or client drop the copy). A failed send is retried with growing
 * waits; a permanent refusal (SMTP 5xx) or the last attempt marks it failed, with the error kept.
 * A slow mail server delays mail only: nothing else waits on this worker.
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import type { CloudDb } from '../db.js';
import { onNotificationQueued } from './queue.js';
import { PermanentMailError, type MailTransport } from './transports.js';

/** Waits before the 2nd, 3rd, … attempt; after the last the message is failed (about 3 hours in all). */
export const RETRY_WAITS_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000];
const LEASE_MS = 60_000;
const BATCH = 20;

export interface NotificationWorkerOptions { intervalMs?: number; clock?: Clock }

interface Claimed { id: string; kind: string; recipient: string; subject: string; body_text: string; body_html: string | null; attempts: number }

export class NotificationWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private readonly clock: Clock;

  constructor(private readonly db: CloudDb, private readonly transport: MailTransport, private readonly logger: Logger,
    private readonly options: NotificationWorkerOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  start(): this {
    this.unsubscribe = onNotificationQueued(this.db, () => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 2_000);
    this.timer.unref();
    this.kick();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    await this.running;
    this.transport.close();
  }

  /** Sends everything due now; resolves with how many were sent (tests and the sweep use it). */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return sent;
      for (const message of batch) if (await this.deliver(message)) sent += 1;
    }
  }

  private kick(): void {
    if (this.running) { this.again = true; return; }
    this.running = this.drain()
      .catch((error) => { this.logger.warn({ err: error }, 'notification worker pass failed; retrying at the next sweep'); })
      .then(() => {
        this.running = null;
        if (this.again && this.timer) { this.again = false; this.kick(); }
      });
  }

  private async claim(): Promise<Claimed[]> {
    const now = new Date(this.clock.now());
    const { rows } = await this.db.query<Claimed>(
      `UPDATE notifications SET lease_until = $1::timestamptz + make_interval(secs => $2 / 1000.0), attempts = attempts + 1
        WHERE id IN (SELECT id FROM notifications
                      WHERE status = 'queued' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, recipient, subject, body_text, body_html, attempts`, [now, LEASE_MS, BATCH]);
    return rows;
  }

  private async deliver(m: Claimed): Promise<boolean> {
    try {
      await this.transport.send({ id: m.id, kind: m.kind, to: m.recipient, subject: m.subject, text: m.body_text, html: m.body_html });
    } catch (error) {
      const permanent = error instanceof PermanentMailError || m.attempts > RETRY_WAITS_MS.length;
      const wait = RETRY_WAITS_MS[Math.min(m.attempts - 1, RETRY_WAITS_MS.length - 1)]!;
      await this.db.query(
        `UPDATE notifications SET status = $2, transport = $3, last_error = $4, lease_until = NULL,
                next_attempt_at = $5::timestamptz + make_interval(secs => $6 / 1000.0) WHERE id = $1`,
        [m.id, permanent ? 'failed' : 'queued', this.transport.name, String((error as Error).message).slice(0, 500), new Date(this.clock.now()), wait]);
      this.logger.warn({ notification: m.id, kind: m.kind, attempt: m.attempts, permanent, err: error }, 'notification not sent');
      return false;
    }
    await this.db.query(`UPDATE notifications SET status = 'sent', transport = $2, sent_at = $3, lease_until = NULL, last_error = NULL WHERE id = $1`,
      [m.id, this.transport.name, new Date(this.clock.now())]);
    return true;
  }
}
