import type { Logger } from 'pino';
import type { CommandDeps } from '../db/command.js';
import type { SyncSettings } from '../config.js';
import { Outbox } from './outbox.js';
import { PushWorker, type PushTarget } from './push.js';

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
}

/**
 * Cloud sync on the box (issue 6): owns the push worker, answers status, and tells the floor when
 * sync falls behind (a `sync.alert` event on the alerts topic, once when it starts and once when it
 * catches up). Off until a cloud URL and credential are set — the box works the same either way.
 */
export class SyncService {
  private readonly outbox: Outbox;
  private worker: PushWorker | null = null;
  private wasBehind = false;

  constructor(private readonly deps: CommandDeps, private readonly settings: SyncSettings) {
    this.outbox = new Outbox(deps.db.$client);
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
    this.worker = new PushWorker({
      outbox: this.outbox, clock: this.deps.clock, logger: logger.child({ module: 'sync' }), settings: this.settings,
      target: () => this.target(),
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
    };
  }

  private checkBehind(): void {
    if (!this.target()) return;
    const s = this.status();
    if (s.behind === this.wasBehind) return;
    this.wasBehind = s.behind;
    this.deps.bus.publish([{ type: 'sync.alert', data: { behind: s.behind, queueDepth: s.queueDepth, oldestUnsentAgeSeconds: s.oldestUnsentAgeSeconds, lastError: s.lastError } }]);
  }
}
