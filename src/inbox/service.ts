/**
 * The cloud → box channel on the box (issue 17): owns the puller, knows the message kinds, and
 * answers the "down" half of sync status. It uses the push's target (cloud URL + device
 * credential): on whenever sync is configured, off otherwise — the box works the same either way.
 */
import type { Logger } from 'pino';
import type { CommandDeps } from '../db/command.js';
import type { SyncSettings } from '../config.js';
import { registry, type HandlerRegistry } from './handlers.js';
import { applyMenuPublish, applyMenuRelease } from './menu-publish.js';
import { applyCustomerErased, applyCustomerMerged } from './customer-messages.js';
import { CUSTOMER_ERASED, CUSTOMER_MERGED } from '../../sync/customer-messages.js';
import { applyLoyaltyBalance, applyLoyaltyProgramme } from './loyalty-messages.js';
import { LOYALTY_BALANCE, LOYALTY_PROGRAMME } from '../../sync/loyalty.js';
import { DELIVERY_CANCEL, DELIVERY_ORDER } from '../../sync/delivery-messages.js';
import { applyDeliveryCancel } from '../delivery/platform-cancel.js';
import { applyDeliveryOrder } from '../delivery/apply.js';
import { WAITLIST_JOIN } from '../../sync/waitlist-messages.js';
import { applyWaitlistJoin } from '../reservations/remote-join.js';
import { ONLINE_BOOKING, ONLINE_BOOKING_CANCEL } from '../../sync/booking-messages.js';
import { applyOnlineBooking, applyOnlineCancel } from '../reservations/online-apply.js';
import { GUEST_REQUEST } from '../../sync/guest-messages.js';
import { applyGuestRequest } from '../guests/cloud-apply.js';
import { readCentralMenu, type CentralMenuState } from '../menu/central.js';
import { Puller, type PullTarget } from './puller.js';
import { InboxStore, type InboxRow } from './store.js';
import { applyRestoreCatchup } from './restore-catchup.js';
import { restoreCatchupStatus, type RestoreCatchupStatus } from './catchup-status.js';
import { RESTORE_CATCHUP_KIND } from '../../sync/restore-catchup.js';

export interface ChannelStatus {
  configured: boolean;
  /** Seq of the last message applied or refused. */
  cursor: number;
  /** The cloud's last seq when the box last heard from it; lag = head − cursor. */
  head: number;
  lag: number;
  lastPollAt: number | null;
  lastAppliedAt: number | null;
  /** Seconds between the cloud committing the last message applied and now. */
  lastMessageAgeSeconds: number | null;
  unacked: number;
  refused: number;
  lastRefused: InboxRow | null;
  resyncs: number;
  lastResyncAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  consecutiveFailures: number;
  centralMenu: CentralMenuState | null;
  /** After a restore: what the cloud sent back of what the box lost (null: never restored). */
  restoreCatchup: RestoreCatchupStatus | null;
}

export const MESSAGE_HANDLERS: HandlerRegistry = registry({
  'menu.publish': { 1: applyMenuPublish },
  'menu.release': { 1: applyMenuRelease },
  [RESTORE_CATCHUP_KIND]: { 1: applyRestoreCatchup },
  [CUSTOMER_MERGED]: { 1: applyCustomerMerged },
  [CUSTOMER_ERASED]: { 1: applyCustomerErased },
  [LOYALTY_PROGRAMME]: { 1: applyLoyaltyProgramme },
  [LOYALTY_BALANCE]: { 1: applyLoyaltyBalance },
  [DELIVERY_ORDER]: { 1: applyDeliveryOrder },
  [WAITLIST_JOIN]: { 1: applyWaitlistJoin },
  [ONLINE_BOOKING]: { 1: applyOnlineBooking },
  [ONLINE_BOOKING_CANCEL]: { 1: applyOnlineCancel },
  [DELIVERY_CANCEL]: { 1: applyDeliveryCancel },
  [GUEST_REQUEST]: { 1: applyGuestRequest },
});

export class InboxService {
  readonly store: InboxStore;
  private puller: Puller | null = null;

  constructor(private readonly deps: CommandDeps, private readonly settings: { sync: SyncSettings; channel: { waitSeconds: number; applyBatch: number } },
    private readonly target: () => PullTarget | null) {
    this.store = new InboxStore(deps.db.$client);
  }

  private make(logger: Logger): Puller {
    return new Puller({
      command: this.deps, store: this.store, handlers: MESSAGE_HANDLERS, logger: logger.child({ module: 'channel' }), target: this.target,
      settings: { waitSeconds: this.settings.channel.waitSeconds, applyBatch: this.settings.channel.applyBatch,
        intervalMs: this.settings.sync.intervalMs, backoffMaxMs: this.settings.sync.backoffMaxMs },
    });
  }

  start(logger: Logger): void {
    if (this.puller) return;
    this.puller = this.make(logger);
    this.puller.start();
  }

  async stop(): Promise<void> {
    await this.puller?.stop();
    this.puller = null;
  }

  status(): ChannelStatus {
    const s = this.store.state();
    const counts = this.store.counts();
    const now = this.deps.clock.now();
    return {
      configured: this.target() !== null,
      cursor: s.cursor, head: s.head, lag: Math.max(0, s.head - s.cursor),
      lastPollAt: s.lastPollAt, lastAppliedAt: s.lastAppliedAt,
      lastMessageAgeSeconds: s.lastMessageCreatedAt === null ? null : Math.max(0, Math.round((now - s.lastMessageCreatedAt) / 1000)),
      unacked: counts.unacked, refused: counts.refused, lastRefused: this.store.lastRefused(),
      resyncs: s.resyncs, lastResyncAt: s.lastResyncAt, lastError: s.lastError, lastErrorAt: s.lastErrorAt,
      consecutiveFailures: this.puller?.consecutiveFailures ?? 0,
      centralMenu: readCentralMenu(this.deps.db),
      restoreCatchup: restoreCatchupStatus(this.deps.db.$client),
    };
  }
}
