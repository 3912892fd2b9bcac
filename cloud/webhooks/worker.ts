/**
 * The webhook worker (issue 21): runs in the cloud service beside the HTTP server, never inside a
 * request. Woken by ingest for an organisation whose batch recorded events (wake.ts), and every
 * `sweepMs` over every organisation (retries that came due, events another process recorded, leases
 * a dead worker left). Sends run concurrently — at most `maxInFlight` in all, `perOrganisation` for
 * one organisation and `perSubscription` for one subscription — so a receiver that hangs holds its
 * own slots until its deadline and nobody else's; ingest never waits for any of it.
 *
 * Fan-out is built for an organisation with a hundred subscribers (docs/benchmarks.md, webhooks):
 * a pass is one transaction that leases what is due and turns new events into deliveries already
 * leased (deliver.ts claimWork); outcomes are written many at once (recordOutcomes); connections
 * to a receiver are kept alive (agents.ts). The worker also prunes old deliveries, events and
 * idempotency keys (retention.ts).
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import type { CloudDb } from '../db.js';
import { closeIdleConnections } from './agents.js';
import { claimWork, recordOutcomes, send, type Claim, type DeliverySettings, type Outcome } from './deliver.js';
import { pruneOrganisation, retentionFromEnv, DEFAULT_RETENTION, type Pruned, type RetentionSettings } from './retention.js';
import { checkStalls } from './stall.js';
import { onWebhookWake } from './wake.js';

export interface WebhookWorkerOptions {
  clock?: Clock;
  /** [0, 1): the jitter of the retry schedule. */
  random?: () => number;
  timeoutMs?: number;
  allowPrivate?: boolean;
  sweepMs?: number;
  /** Sends in flight at most, over every organisation (1,024). */
  maxInFlight?: number;
  /** …and for any one organisation (512), so one organisation's hanging receivers cannot take every slot. */
  perOrganisation?: number;
  /** …and for any one subscription (8). */
  perSubscription?: number;
  /** A location whose box has been silent this long gets `sync.stalled`. */
  stallAfterMs?: number;
  stallCheckMs?: number;
  /** How long delivered and dead deliveries, events and idempotency keys are kept (retention.ts). */
  retention?: RetentionSettings;
  /** How often the worker prunes (10 min); the first prune runs at start. */
  pruneEveryMs?: number;
  /** Test hook (crash tests only): runs after a request was answered and before its outcome is recorded. */
  afterSend?: (claim: Claim) => Promise<void>;
}

/** Settings from the environment (documented in docs/cloud.md#webhooks). */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<WebhookWorkerOptions, 'timeoutMs' | 'allowPrivate' | 'stallAfterMs' | 'retention'> {
  const minutes = Number(env.WEBHOOK_STALL_MINUTES ?? 15);
  const timeout = Number(env.WEBHOOK_TIMEOUT_MS ?? 10_000);
  return {
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_URLS === '1',
    stallAfterMs: (Number.isFinite(minutes) && minutes > 0 ? minutes : 15) * 60_000,
    timeoutMs: Number.isFinite(timeout) && timeout >= 100 ? timeout : 10_000,
    retention: retentionFromEnv(env),
  };
}

export class WebhookWorker {
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  private readonly random: () => number;
  private readonly maxInFlight: number;
  private readonly perOrganisation: number;
  private readonly perSubscription: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busyBySubscription = new Map<string, number>();
  private readonly busyByOrganisation = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  /** Organisations with more due than the last pass could take: a pass follows the next send that ends. */
  private readonly saturated = new Set<string>();
  /** Outcomes waiting to be written, per organisation; written together (recordOutcomes). */
  private readonly outcomes = new Map<string, Array<{ outcome: Outcome; settle: (error?: unknown) => void }>>();
  private writing = false;
  /** The prune under way, if any: one at a time, and stop() waits for it. */
  private pruning: Promise<Pruned> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly db: CloudDb, private readonly logger: Logger, private readonly options: WebhookWorkerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = { timeoutMs: options.timeoutMs ?? 10_000, allowPrivate: options.allowPrivate ?? false, leaseMarginMs: 30_000 };
    this.maxInFlight = options.maxInFlight ?? 1024;
    this.perOrganisation = Math.min(this.maxInFlight, options.perOrganisation ?? 512);
    this.perSubscription = options.perSubscription ?? 8;
  }

  start(): this {
    this.unsubscribe = onWebhookWake(this.db, (org) => this.kick(org));
    const sweep = setInterval(() => { void this.sweep(); }, this.options.sweepMs ?? 5000);
    const stalls = setInterval(() => { void this.checkStalls(); }, this.options.stallCheckMs ?? 60_000);
    const prune = setInterval(() => { void this.prune(); }, this.options.pruneEveryMs ?? 10 * 60_000);
    for (const t of [sweep, stalls, prune]) t.unref();
    this.timers = [sweep, stalls, prune];
    void this.sweep();
    void this.prune();
    return this;
  }

  /** Stops claiming; sends under way are left to finish (or to their lease, if the process ends first). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearInterval(t);
    await Promise.race([Promise.allSettled([...this.inFlight, ...(this.pruning ? [this.pruning] : [])]), new Promise((r) => setTimeout(r, 1000).unref())]);
    closeIdleConnections();
  }

  /** One pass for an organisation now; a pass already running for it runs once more after. */
  kick(organisationId: string): void {
    if (this.stopped) return;
    if (this.running.has(organisationId)) { this.again.add(organisationId); return; }
    this.running.add(organisationId);
    void this.pass(organisationId).catch((err: unknown) => this.logger.warn({ err, organisationId }, 'webhooks: pass failed; the next sweep retries'))
      .finally(() => {
        this.running.delete(organisationId);
        if (this.again.delete(organisationId)) this.kick(organisationId);
      });
  }

  async sweep(): Promise<void> {
    try {
      const { rows } = await this.db.query<{ id: string }>('SELECT id FROM organisations');
      for (const r of rows) this.kick(r.id);
    } catch (err) {
      this.logger.warn({ err }, 'webhooks: sweep failed');
    }
  }

  /**
   * Retention over every organisation at the clock's time (retention.ts); one run at a time. Returns
   * what it removed in all; a failure is logged and the next run tries again.
   */
  async prune(): Promise<Pruned> {
    if (this.pruning) return { delivered: 0, dead: 0, events: 0, idempotencyKeys: 0 };
    this.pruning = this.pruneAll().finally(() => { this.pruning = null; });
    return this.pruning;
  }

  private async pruneAll(): Promise<Pruned> {
    const total: Pruned = { delivered: 0, dead: 0, events: 0, idempotencyKeys: 0 };
    try {
      const { rows } = await this.db.query<{ id: string }>('SELECT id FROM organisations');
      for (const r of rows) {
        if (this.stopped) break;
        const pruned = await pruneOrganisation(this.db, r.id, this.clock.now(), this.options.retention ?? DEFAULT_RETENTION);
        for (const k of Object.keys(total) as Array<keyof Pruned>) total[k] += pruned[k];
      }
      if (Object.values(total).some((n) => n > 0)) this.logger.info({ pruned: total }, 'webhooks: retention pruned old rows');
    } catch (err) {
      this.logger.warn({ err }, 'webhooks: retention failed; the next run tries again');
    }
    return total;
  }

  async checkStalls(): Promise<void> {
    try {
      const orgs = await checkStalls(this.db, this.clock.now(), this.options.stallAfterMs ?? 15 * 60_000);
      for (const org of orgs) this.kick(org);
    } catch (err) {
      this.logger.warn({ err }, 'webhooks: stall check failed');
    }
  }

  /**
   * Tests and the bench: passes over every organisation until nothing is due at the clock's time
   * and no send is under way. Returns how many attempts were made.
   */
  async runUntilIdle(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const { rows } = await this.db.query<{ id: string }>('SELECT id FROM organisations');
      let claimed = 0;
      let events = 0;
      let more = false;
      for (const r of rows) {
        const pass = await this.pass(r.id);
        claimed += pass.claimed;
        events += pass.events;
        more ||= pass.more;
      }
      attempts += claimed;
      while (this.inFlight.size > 0 || this.running.size > 0) await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 5))]);
      if (claimed === 0 && events === 0 && !more) return attempts;
    }
  }

  /**
   * One transaction (deliver.ts claimWork): lease what is due and fan the new events out, leasing at
   * once what the free slots allow; then start sending. More events than one pass takes → another
   * pass at once; more due than slots → a pass when half the organisation's slots are free again.
   */
  private async pass(organisationId: string): Promise<{ claimed: number; events: number; more: boolean }> {
    const fanOutLimit = 500;
    const busy = this.busyByOrganisation.get(organisationId) ?? 0;
    const budget = Math.max(0, Math.min(this.maxInFlight - this.inFlight.size, this.perOrganisation - busy));
    const work = await claimWork(this.db, organisationId, this.clock.now(), { budget, busy: this.busyBySubscription, perSubscription: this.perSubscription, fanOutLimit }, this.settings);
    if (work.more) this.saturated.add(organisationId);
    if (work.events >= fanOutLimit) this.again.add(organisationId);
    for (const claim of work.claims) this.launch(claim);
    return { claimed: work.claims.length, events: work.events, more: work.more };
  }

  /** Queues an outcome for writing; resolves once it is written. */
  private record(outcome: Outcome): Promise<void> {
    return new Promise((resolve, reject) => {
      const org = outcome.claim.organisationId;
      let list = this.outcomes.get(org);
      if (!list) this.outcomes.set(org, list = []);
      list.push({ outcome, settle: (error) => (error ? reject(error) : resolve()) });
      void this.writeOutcomes();
    });
  }

  /** Writes queued outcomes, an organisation's at a time, until none is left; one writer at a time, so they batch while it works. */
  private async writeOutcomes(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      // A few ms for the sends that end together (a fan-out's answers come back within moments) to join this write.
      await new Promise((r) => setTimeout(r, 5));
      for (let next = this.outcomes.entries().next(); !next.done; next = this.outcomes.entries().next()) {
        const [org, items] = next.value;
        this.outcomes.delete(org);
        try {
          const statuses = await recordOutcomes(this.db, org, items.map((i) => i.outcome));
          statuses.forEach((status, i) => {
            const { claim, result } = items[i]!.outcome;
            if (status === 'dead') this.logger.warn({ deliveryId: claim.id, subscriptionId: claim.subscriptionId, attempts: claim.attempt, error: result.error }, 'webhook delivery dead-lettered after 24 h of failures');
          });
          for (const i of items) i.settle();
        } catch (error) {
          for (const i of items) i.settle(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private launch(claim: Claim): void {
    const org = claim.organisationId;
    const add = (map: Map<string, number>, key: string, n: number) => {
      const v = (map.get(key) ?? 0) + n;
      if (v <= 0) map.delete(key); else map.set(key, v);
    };
    add(this.busyBySubscription, claim.subscriptionId, 1);
    add(this.busyByOrganisation, org, 1);
    const job = (async () => {
      const result = await send(claim, this.clock.now(), this.settings);
      await this.options.afterSend?.(claim);
      await this.record({ claim, result, at: this.clock.now(), random: this.random() });
    })().catch((err: unknown) => this.logger.warn({ err, deliveryId: claim.id }, 'webhooks: recording an attempt failed; its lease will expire and it is sent again'))
      .finally(() => {
        this.inFlight.delete(job);
        add(this.busyBySubscription, claim.subscriptionId, -1);
        add(this.busyByOrganisation, org, -1);
        // Slots came free: what was left due goes now, not at the next sweep — once a quarter of the slots
        // are free, so that a pass takes many deliveries rather than one; passes for an organisation run
        // one after another (kick), so under load the next pass starts as soon as the last one ends.
        // An organisation short of slots only because every slot was taken goes too.
        if (this.stopped || this.inFlight.size > this.maxInFlight * 0.75) return;
        for (const o of [...this.saturated]) {
          if ((this.busyByOrganisation.get(o) ?? 0) > this.perOrganisation * 0.75) continue;
          this.saturated.delete(o);
          this.kick(o);
        }
      });
    this.inFlight.add(job);
  }
}
