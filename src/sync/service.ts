import path from 'node:path';
import type { Logger } from 'pino';
import { offboxStatus, type OffboxStatus } from '../backup/offbox/status.js';
import type { CommandDeps } from '../db/command.js';
import type { SyncSettings } from '../config.js';
import { Outbox } from './outbox.js';
import { PushWorker, type PushTarget } from './push.js';
import { LinkTurns } from './link-turns.js';

export interface SyncStatus {
  configured: boolean;
  cloudUrl: string | null;
  epoch: number;
  lastSuccessAt: number | null;
  queueDepth: number;
  oldestUnsentAt: number | null;
  oldestUnsentAgeSeconds: number | null;
  behind: boolean;
  lastError: string | null;
  lastErrorAt: number | null;
  consecutiveFailures: number;
  /** The stable code of the last error (e.g. DEVICE_CREDENTIAL_IN_USE), null when none or not from the cloud. */
  lastErrorCode: string | null;
  /** This box's identity, sent with every push (the cloud binds the credential to it). */
  boxId: string;
  /**
   * Set once this box's history branched off (a restore, or a resend under a new epoch): when,
   * why, and the old epoch and last seq the box kept. Orders the cloud holds beyond that point are
   * not on this box: the owners' cloud lists them (GET /api/locations/{id}/restore-losses).
   */
  newEpoch: { epoch: number; startedAt: number | null; reason: string | null; forkedFrom: { epoch: number; seq: number } | null } | null;
}

/** Errors that stop sync until a person acts: a `sync.alert` is published when one starts or ends. */
const BLOCKING_CODES: ReadonlySet<string> = new Set(['DEVICE_CREDENTIAL_IN_USE', 'UNAUTHENTICATED', 'SYNC_SCHEMA_UNSUPPORTED']);

/**
 * Cloud sync on the box (issue 6): owns the push worker, answers status, and tells the floor when
 * sync falls behind (a `sync.alert` event on the alerts topic, once when it starts and once when it
 * catches up). Off until a cloud URL and credential are set — the box works the same either way.
 */
export class SyncService {
  private readonly outbox: Outbox;
  private worker: PushWorker | null = null;
  private wasBehind = false;
  private blockedBy: string | null = null;
  private lastEpoch: number | null = null;
  /** The push and the off-box copy take turns on the link to the cloud (issue 22). */
  readonly turns = new LinkTurns();

  constructor(private readonly deps: CommandDeps, private readonly settings: SyncSettings) {
    this.outbox = new Outbox(deps.db.$client);
  }

  /** This box's identity (minted at first start), sent with every request to the cloud. */
  boxId(): string {
    return this.outbox.state().boxId;
  }

  /** The settings win over what `sync configure` stored. */
  target(): PushTarget | null {
    const state = this.outbox.state();
    const cloudUrl = this.settings.cloudUrl ?? state.cloudUrl;
    const credential = this.settings.credential ?? state.credential;
    return cloudUrl && credential ? { cloudUrl, credential } : null;
  }

  start(logger: Logger): void {
    if (this.worker) return;
    this.lastEpoch = this.outbox.state().epoch;
    this.worker = new PushWorker({
      outbox: this.outbox, clock: this.deps.clock, logger: logger.child({ module: 'sync' }), settings: this.settings,
      target: () => this.target(),
      turns: this.turns,
      onCycle: () => this.checkBehind(),
    });
    this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
  }

  /** Pushes now and resolves when the queue is empty (or the push failed: see status().lastError). */
  async syncNow(): Promise<void> {
    if (!this.worker) throw new Error('Sync is not started.');
    await this.worker.syncNow();
  }

  /** The off-box copy of the backups (issue 22): the last copy in the cloud, its age, an upload under way. */
  offbox(): OffboxStatus {
    return offboxStatus(path.dirname(this.deps.db.$client.name), this.deps.clock.now());
  }

  /** True when no change waits for the cloud. */
  queueEmpty(): boolean {
    return this.outbox.queue().depth === 0;
  }

  configure(cloudUrl: string | null, credential: string | null): void {
    this.outbox.configure(cloudUrl, credential, this.deps.clock.now());
  }

  status(): SyncStatus {
    const state = this.outbox.state();
    const queue = this.outbox.queue();
    const now = this.deps.clock.now();
    const age = queue.oldestAt === null ? null : Math.max(0, Math.round((now - queue.oldestAt) / 1000));
    return {
      configured: this.target() !== null,
      cloudUrl: this.settings.cloudUrl ?? state.cloudUrl,
      epoch: state.epoch,
      lastSuccessAt: state.lastSuccessAt,
      queueDepth: queue.depth,
      oldestUnsentAt: queue.oldestAt,
      oldestUnsentAgeSeconds: age,
      behind: age !== null && age > this.settings.behindSeconds,
      lastError: state.lastError,
      lastErrorAt: state.lastErrorAt,
      consecutiveFailures: this.worker?.consecutiveFailures ?? 0,
      lastErrorCode: state.lastErrorCode,
      boxId: state.boxId,
      newEpoch: state.epochStartedAt === null && state.forkedFrom === null ? null
        : { epoch: state.epoch, startedAt: state.epochStartedAt, reason: state.epochReason, forkedFrom: state.forkedFrom },
    };
  }

  /**
   * `sync.alert` on the alerts topic when sync starts or stops falling behind, when an error that
   * needs a person starts or ends (a credential in use by another box), and when the box moved to
   * a new epoch (a restore: the cloud may hold orders this box no longer has).
   */
  private checkBehind(): void {
    if (!this.target()) return;
    const s = this.status();
    const alert = (kind: string) => this.deps.bus.publish([{ type: 'sync.alert', data: {
      kind, behind: s.behind, queueDepth: s.queueDepth, oldestUnsentAgeSeconds: s.oldestUnsentAgeSeconds, lastError: s.lastError, lastErrorCode: s.lastErrorCode,
      ...(kind === 'new_epoch' ? { newEpoch: s.newEpoch } : {}) } }]);
    const blockedBy = s.lastErrorCode !== null && BLOCKING_CODES.has(s.lastErrorCode) ? s.lastErrorCode : null;
    if (blockedBy !== this.blockedBy) {
      this.blockedBy = blockedBy;
      alert(blockedBy ? 'blocked' : 'unblocked');
    }
    if (this.lastEpoch !== null && s.epoch !== this.lastEpoch) alert('new_epoch');
    this.lastEpoch = s.epoch;
    if (s.behind === this.wasBehind) return;
    this.wasBehind = s.behind;
    alert(s.behind ? 'behind' : 'caught_up');
  }
}
