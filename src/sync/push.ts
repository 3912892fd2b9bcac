/**
 * The box's single sender (architecture §6): drains the change log to the cloud in batches of whole
 * transactions, on its own timer, with exponential backoff after a failure. Every request has a
 * timeout that covers the response body too, and the timer is re-armed exactly once per cycle,
 * so a dead connection can stall a cycle for at most SYNC_TIMEOUT_MS, never forever.
 *
 * Before its first batch (and after any failure) it reads the cloud's watermark and reconciles:
 * the cloud ahead with our own transaction at its seq means we crashed after the cloud committed
 * (acknowledge it now); ahead with someone else's transaction, or with a seq our log never had,
 * means this box was restored from a backup — start a new epoch and resend all we have.
 *
 * Issue 15: every request carries the box's identity (the cloud refuses a second box on one
 * credential: 409 DEVICE_CREDENTIAL_IN_USE, kept as the last error until an owner allows a
 * replacement); a new epoch is always above the highest one the cloud reported for this device;
 * and a 409 SYNC_DIVERGED (the cloud holds other changes at our seqs in this epoch) is never taken
 * as an acknowledgement: the box moves to a new epoch and resends.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import {
  BOX_ID_HEADER, INGEST_PATH, ORDER_NUMBERS_PATH, SCHEMA_VERSION, WATERMARK_PATH, divergedDetails, ingestResponse, orderNumbersResponse,
  watermarkResponse, watermarkSchema,
  type Fork, type Watermark,
} from '../../sync/protocol.js';
import type { Outbox, OutboxRow } from './outbox.js';
import type { LinkTurns } from './link-turns.js';

export interface PushSettings {
  intervalMs: number;
  maxRows: number;
  maxBytes: number;
  timeoutMs: number;
  backoffMaxMs: number;
}

export interface PushTarget {
  cloudUrl: string;
  credential: string;
}

export interface PushDeps {
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  settings: PushSettings;
  /** Where to push, read every cycle (`sync configure` may change it); null: sync is off. */
  target(): PushTarget | null;
  /** After every cycle, for status and "falling behind" alerts. */
  onCycle?(): void;
  /** Shared with the off-box copy, which yields the link to the push. */
  turns?: LinkTurns;
}

/** A failed push: kept as the last error; the worker backs off and retries. */
export class PushError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) {
    super(message);
    this.name = 'PushError';
  }
}

/**
 * Test hook (fault tests only): SYNC_TEST_PAUSE_AT = before-send | during-send | after-commit
 * makes the worker write SYNC_TEST_PAUSE_FILE and stop there for good, so a test can SIGKILL the
 * box at exactly that step of a push.
 */
const PAUSE_AT = process.env.SYNC_TEST_PAUSE_AT;
const PAUSE_FILE = process.env.SYNC_TEST_PAUSE_FILE;
const pauseHere = (step: string): Promise<void> | null => {
  if (PAUSE_AT !== step || !PAUSE_FILE) return null;
  fs.writeFileSync(PAUSE_FILE, step);
  return new Promise<void>(() => {});
};

export class PushWorker {
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> | null = null;
  private stopped = true;
  /** Set by stop(): a drain in progress ends after its current batch. */
  private halted = false;
  private failures = 0;
  private reconciled = false;
  /** The highest epoch the cloud reported for this device (a new epoch goes above it). */
  private cloudHighestEpoch = 0;
  /** The new epoch this process has opened in the cloud with an empty batch (see announceEpoch). */
  private announcedEpoch: number | null = null;

  constructor(private readonly deps: PushDeps) {}

  start(): void {
    this.stopped = false;
    this.halted = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halted = true;
    clearTimeout(this.timer);
    await this.cycle?.catch(() => {});
  }

  /** Runs a cycle now (after the current one) and resolves when the queue is empty or it failed. */
  async syncNow(): Promise<void> {
    while (this.cycle) await this.cycle.catch(() => {});
    await this.runCycle();
  }

  /** Consecutive failed cycles (0 when the last one succeeded). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { void this.runCycle(); }, ms);
  }

  private runCycle(): Promise<void> {
    if (this.cycle) return this.cycle;
    const { settings, logger, outbox, clock } = this.deps;
    this.cycle = (async () => {
      // Yield first: a cycle with nothing to do would otherwise finish (and clear `this.cycle`)
      // before this assignment, leaving a settled promise behind that syncNow waits on forever.
      await Promise.resolve();
      let next = settings.intervalMs;
      try {
        const target = this.deps.target();
        if (target) {
          // The off-box copy waits for its turn (link-turns.ts): never a chunk during a push.
          if (this.deps.turns) await this.deps.turns.forPush(() => this.drain(target));
          else await this.drain(target);
          this.failures = 0;
        }
      } catch (error) {
        this.failures++;
        this.reconciled = false;
        // Exponential backoff with jitter, capped: a cloud that is down for hours is asked
        // about once a minute, and many boxes do not come back in lockstep.
        const base = Math.min(settings.backoffMaxMs, settings.intervalMs * 2 ** Math.min(this.failures, 20));
        next = Math.round(base / 2 + Math.random() * base / 2);
        const message = error instanceof Error ? error.message : String(error);
        outbox.recordError(message, clock.now(), error instanceof PushError ? error.code ?? null : null);
        logger.warn({ err: message, failures: this.failures, retryInMs: next }, 'sync push failed');
      } finally {
        this.cycle = null;
        this.deps.onCycle?.();
        this.schedule(next);
      }
    })();
    return this.cycle;
  }

  private async drain(target: PushTarget): Promise<void> {
    const { outbox, settings, clock } = this.deps;
    if (!this.reconciled) {
      this.reconcile(await this.fetchWatermark(target, outbox.state().epoch));
      this.reconciled = true;
    }
    for (;;) {
      const state = outbox.state();
      if (state.forkedFrom !== null && state.orderNumbersEpoch !== state.epoch) await this.raiseOrderNumbers(target, state.epoch);
      const batch = outbox.nextBatch(state.ackSeq, settings.maxRows, settings.maxBytes);
      if (batch.rows.length === 0) {
        await this.announceEpoch(target, state.epoch, state.forkedFrom, state.ackTxId);
        outbox.recordSuccess(clock.now());
        return;
      }
      await pauseHere('before-send');
      const answer = await this.send(target, state.epoch, state.forkedFrom, batch.rows);
      if (answer.diverged) {
        this.cloudHighestEpoch = Math.max(this.cloudHighestEpoch, answer.highestEpoch);
        this.newEpoch(`the cloud holds other changes than this box's at seq ${answer.watermark.seq} of epoch ${state.epoch}: not acknowledged, resending under a new epoch`, 'keep');
      } else if (answer.gap) this.recoverFromGap(answer.watermark);
      else {
        await pauseHere('after-commit');
        this.reconcile(answer.watermark);
      }
      if (this.halted) return;
    }
  }

  /** Brings the box's ack in line with the cloud's watermark (see the file comment). */
  private reconcile(w: Watermark): void {
    const { outbox, clock } = this.deps;
    if (w.txId === null) return; // the cloud has nothing of this epoch yet
    const tx = outbox.txAt(w.seq);
    const fresh = outbox.state();
    if (tx !== w.txId && fresh.forkedFrom !== null && fresh.ackSeq === 0 && fresh.ackTxId === null) {
      // Our epoch is new (nothing of it acknowledged yet, e.g. started by a restore command offline)
      // and the cloud holds other changes under it: the epoch collided with another history.
      // Choose another and keep our branch point.
      this.newEpoch(`the cloud already holds other changes under this box's new epoch ${w.epoch}: choosing another`, 'keep');
      return;
    }
    if (tx !== undefined) {
      if (tx === w.txId) outbox.acknowledge(w, clock.now());
      else this.newEpoch(`the cloud's change ${w.seq} is not this box's: restored from a backup?`, 'restored');
      return;
    }
    const state = outbox.state();
    if (w.seq === state.ackSeq && w.txId === state.ackTxId) return;
    // The cloud is behind our ack but we still hold what follows its watermark: resend from there.
    if (w.seq < state.ackSeq && outbox.txAt(w.seq + 1) !== undefined) {
      outbox.acknowledge(w, clock.now());
      return;
    }
    if (w.seq > state.ackSeq) this.newEpoch(`the cloud has changes up to ${w.seq} that this box's log never had: restored from a backup`, 'restored');
    else this.newEpoch(`the cloud is behind this box (${w.seq} < ${state.ackSeq}) and the changes between are gone here`, 'continuous');
  }

  private recoverFromGap(w: Watermark): void {
    this.reconcile(w);
    const state = this.deps.outbox.state();
    const next = this.deps.outbox.nextBatch(state.ackSeq, 1, Number.MAX_SAFE_INTEGER).rows[0];
    // Still a hole between the cloud's watermark and our next change: only a new epoch moves on.
    if (next && state.epoch === w.epoch && next.seq > w.seq + 1) this.newEpoch(`the box's log has no changes ${w.seq + 1}..${next.seq - 1}`, 'continuous');
  }

  private newEpoch(reason: string, history: 'restored' | 'continuous' | 'keep'): void {
    const epoch = this.deps.outbox.startNewEpoch(reason, this.deps.clock.now(), { atLeast: this.cloudHighestEpoch + 1, history });
    this.deps.logger.warn({ alert: 'sync.epoch', epoch, reason }, 'sync: starting a new epoch');
  }

  /**
   * A new epoch with nothing to send (restored from a backup taken when all was synced): open it in
   * the cloud with an empty batch saying where its changes will start, so the cloud learns of the
   * restore now and sends back what the box lost (issue 22) — not only once the box writes again.
   * Once per process and epoch; the cloud takes it again harmlessly.
   */
  private async announceEpoch(target: PushTarget, epoch: number, fork: Fork | null, ackTxId: string | null): Promise<void> {
    if (fork === null || ackTxId !== null || this.announcedEpoch === epoch) return;
    const body = `{"schemaVersion":${SCHEMA_VERSION},"epoch":${epoch},"forkedFrom":${JSON.stringify(fork)},"nextSeq":${this.deps.outbox.nextSeq()},"changes":[]}`;
    const res = await this.request(target, INGEST_PATH, 'POST', body);
    if (!res.ok) throw new PushError(res.message, res.status, res.code);
    this.announcedEpoch = epoch;
  }

  /** After a restore: the next order numbers go above the ones the cloud holds (see Outbox.raiseOrderNumbers). */
  private async raiseOrderNumbers(target: PushTarget, epoch: number): Promise<void> {
    const res = await this.request(target, ORDER_NUMBERS_PATH, 'GET');
    // A cloud older than this box has no such route: numbering goes on as before rather than jam the queue.
    if (!res.ok && res.status !== 404) throw new PushError(res.message, res.status, res.code);
    const { days } = res.ok ? orderNumbersResponse.parse(res.json) : { days: [] };
    this.deps.outbox.raiseOrderNumbers(days, epoch, this.deps.clock.now());
    this.deps.logger.info({ epoch, days }, 'sync: order numbers continue above the cloud\'s after a new epoch');
  }

  private async fetchWatermark(target: PushTarget, epoch: number): Promise<Watermark> {
    const body = await this.request(target, `${WATERMARK_PATH}?epoch=${epoch}`, 'GET');
    if (!body.ok) throw new PushError(body.message, body.status, body.code);
    const answer = watermarkResponse.parse(body.json);
    this.cloudHighestEpoch = Math.max(this.cloudHighestEpoch, answer.highestEpoch ?? 0);
    return answer.watermark;
  }

  private async send(target: PushTarget, epoch: number, fork: Fork | null, rows: readonly OutboxRow[]): Promise<{ gap: boolean; diverged: boolean; highestEpoch: number; watermark: Watermark }> {
    const res = await this.request(target, INGEST_PATH, 'POST', encodeBatch(epoch, rows, fork));
    if (res.ok) return { gap: false, diverged: false, highestEpoch: 0, watermark: ingestResponse.parse(res.json).watermark };
    const details = (res.json as { error?: { details?: unknown } } | null)?.error?.details as { watermark?: unknown } | undefined;
    if (res.status === 409 && res.code === 'SYNC_GAP') {
      return { gap: true, diverged: false, highestEpoch: 0, watermark: watermarkSchema.parse(details?.watermark) };
    }
    if (res.status === 409 && res.code === 'SYNC_DIVERGED') {
      const d = divergedDetails.parse(details);
      this.deps.logger.error({ alert: 'sync.diverged', epoch, watermark: d.watermark }, 'sync: the cloud holds other changes at this box\'s seqs; not acknowledged');
      return { gap: false, diverged: true, highestEpoch: d.highestEpoch, watermark: d.watermark };
    }
    throw new PushError(res.message, res.status, res.code);
  }

  private async request(target: PushTarget, path: string, method: 'GET' | 'POST', body?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${target.credential}`, [BOX_ID_HEADER]: this.deps.outbox.state().boxId };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signal = AbortSignal.timeout(this.deps.settings.timeoutMs);
    let payload: BodyInit | undefined = body;
    const during = body !== undefined && PAUSE_AT === 'during-send' ? splitBody(body) : null;
    if (during) payload = during;
    let res: Response;
    let text: string;
    try {
      res = await fetch(target.cloudUrl.replace(/\/$/, '') + path, { method, headers, body: payload, signal, ...(during ? { duplex: 'half' } : {}) } as RequestInit);
      text = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new PushError(`cloud unreachable (${(error as Error).name === 'TimeoutError' ? `no answer in ${this.deps.settings.timeoutMs} ms` : cause ?? (error as Error).message})`);
    }
    let json: unknown = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
    if (res.ok) return { ok: true as const, status: res.status, json, message: '', code: undefined };
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    return { ok: false as const, status: res.status, json, code: err?.code, message: `cloud answered ${res.status} ${err?.code ?? ''}: ${err?.message ?? text.slice(0, 200)}` };
  }
}

/**
 * The batch as JSON, by splicing: each change's JSON comes ready from the outbox (its row image
 * is already JSON in the log, so it goes into the body as is, schema version 2) — no parse and
 * re-stringify of every row.
 */
export function encodeBatch(epoch: number, rows: readonly OutboxRow[], fork: Fork | null = null): string {
  const forked = fork ? `"forkedFrom":${JSON.stringify(fork)},` : '';
  return `{"schemaVersion":${SCHEMA_VERSION},"epoch":${epoch},${forked}"changes":[${rows.map((r) => r.json).join(',')}]}`;
}

/** Fault hook: send the first half of the body, then stall (the test kills the box mid-request). */
function splitBody(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  const half = Math.floor(bytes.length / 2);
  return new ReadableStream<Uint8Array>({
    start(controller) { controller.enqueue(bytes.subarray(0, half)); },
    async pull() {
      await pauseHere('during-send');
    },
  });
}
