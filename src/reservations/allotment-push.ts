/**
 * Sends the box's grant for online booking up to the cloud (issue 20): soon after anything on the
 * book or in the room changes (any event: a booking, a table seated or freed, a message from the
 * channel applied, the settings), and every few minutes anyway (slots pass, parties linger). Only
 * the latest grant matters, so a failed send is simply retried with the next one — with backoff,
 * like the push. Idle while sync is not configured; the door works the same either way.
 */
import type { Logger } from 'pino';
import type { CommandDeps } from '../db/command.js';
import { ALLOTMENT_PATH } from '../../sync/booking-messages.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import type { PullTarget } from '../inbox/puller.js';
import { readGrant } from './allotment-read.js';
import { loadDoorSettings } from './store.js';

export interface AllotmentPushSettings {
  /** Changes arriving together are sent together, this long after the first. */
  debounceMs: number;
  /**
   * At least this long between two computations: a busy room changes every second, and the grant
   * (tens of milliseconds over 60 days) must not take the box's event loop from the tablets.
   * A stale grant never double-books (the box decides each table); it may only let the cloud take
   * a booking the box then refuses.
   */
  minIntervalMs: number;
  /** Sent at least this often without changes. */
  refreshMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
}

export const DEFAULT_ALLOTMENT_PUSH: AllotmentPushSettings = { debounceMs: 500, minIntervalMs: 3_000, refreshMs: 5 * 60_000, backoffMaxMs: 60_000, timeoutMs: 15_000 };

export class AllotmentPusher {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private sending = false;
  private again = false;
  private failures = 0;
  private lastSentAt = 0;
  private stopped = true;
  private dueAt = 0;
  private lastComputedAt = 0;
  private lastFailure: { at: number; message: string; code: string | null } | null = null;

  private logger: Logger | null = null;

  constructor(private readonly deps: CommandDeps, private readonly target: () => PullTarget | null,
    private readonly settings: AllotmentPushSettings = DEFAULT_ALLOTMENT_PUSH) {}

  start(logger: Logger): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.logger = logger.child({ module: 'allotment' });
    this.unsubscribe = this.deps.bus.subscribe(() => this.schedule(this.soon()));
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** When a change should be sent: after the debounce, and not before the minimum interval since the last computation. */
  private soon(): number {
    return Math.max(this.settings.debounceMs, this.lastComputedAt + this.settings.minIntervalMs - Date.now());
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.sending) { this.again = true; return; }
    const due = Date.now() + ms;
    if (this.timer && this.dueAt <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => { this.timer = null; void this.send(); }, ms);
    this.timer.unref();
  }

  private async send(): Promise<void> {
    const target = this.target();
    if (!target) { this.schedule(this.settings.refreshMs); return; }
    this.sending = true;
    this.again = false;
    let next = this.settings.refreshMs;
    try {
      this.lastComputedAt = Date.now();
      const grant = readGrant(this.deps.db, this.deps.clock.now());
      await this.post(target, JSON.stringify(grant));
      this.failures = 0;
      this.lastSentAt = this.deps.clock.now();
      this.lastFailure = null;
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      const code = error instanceof CloudRefusal ? error.code : null;
      this.lastFailure = { at: this.deps.clock.now(), message: (error as Error).message, code };
      next = Math.min(this.settings.backoffMaxMs, 500 * 2 ** Math.min(this.failures, 16));
      this.logger?.warn({ err: (error as Error).message, failures: this.failures, retryInMs: next }, 'online-booking grant not sent');
    } finally {
      this.sending = false;
    }
    this.schedule(this.again && this.failures === 0 ? this.soon() : next);
  }

  private async post(target: PullTarget, body: string): Promise<void> {
    const res = await fetch(target.cloudUrl.replace(/\/$/, '') + ALLOTMENT_PATH, {
      method: 'POST', body, signal: AbortSignal.timeout(this.settings.timeoutMs),
      headers: { authorization: `Bearer ${target.credential}`, [BOX_ID_HEADER]: target.boxId, 'content-type': 'application/json' },
    });
    const text = await res.text();
    if (!res.ok) throw CloudRefusal.from(res.status, text);
  }

  /** When the cloud last took a grant (0: never since start), for status and tests. */
  get sentAt(): number { return this.lastSentAt; }

  /**
   * For GET /sync/status: a grant the cloud refuses leaves the public page selling from the last one
   * it took, so the manager must see it, not only the log.
   */
  status(): AllotmentPushStatus {
    return {
      offered: (loadDoorSettings(this.deps.db).onlineAllotment ?? 0) > 0,
      lastSentAt: this.lastSentAt || null, consecutiveFailures: this.failures,
      lastError: this.lastFailure?.message ?? null, lastErrorCode: this.lastFailure?.code ?? null, lastErrorAt: this.lastFailure?.at ?? null,
    };
  }
}

export interface AllotmentPushStatus {
  /** The door settings give online booking an allotment (null or 0: the restaurant takes none online). */
  offered: boolean;
  /** When the cloud last took this box's times (null: not since the box started). */
  lastSentAt: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** The cloud's error code when it answered with one (UNAUTHENTICATED, VALIDATION_FAILED…); null when it could not be reached. */
  lastErrorCode: string | null;
  lastErrorAt: number | null;
}

/** The cloud answered, and not with 2xx: its error code and message, in words a manager can act on. */
class CloudRefusal extends Error {
  constructor(readonly code: string | null, message: string) { super(message); }

  static from(status: number, text: string): CloudRefusal {
    let error: { code?: unknown; message?: unknown } | undefined;
    try { error = (JSON.parse(text) as { error?: typeof error }).error; } catch { /* not JSON: a proxy's page */ }
    const code = typeof error?.code === 'string' ? error.code : null;
    const message = typeof error?.message === 'string' ? error.message : text.slice(0, 200);
    return new CloudRefusal(code, `the cloud refused the online-booking times (${status}${code ? ` ${code}` : ''}): ${message}`);
  }
}
