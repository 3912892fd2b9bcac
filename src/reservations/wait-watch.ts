/**
 * Tells the host screen and the guest when a waiting party's estimate changes: after any change in
 * the room — an order placed, a course fired, a payment, a table freed, a party added or seated — it
 * recomputes every estimate once (changes that arrive together are read together), publishes
 * `estimated_wait_time` when one of them moved, and queues a `waitlist_estimate` row for the cloud
 * for each party whose minutes or place in line moved (what a guest who joined from afar follows).
 */
import { runCommand, SYSTEM_ACTOR, type CommandDeps } from '../db/command.js';
import type { DomainEvent } from '../events/bus.js';
import { WAITLIST_ESTIMATE_ENTITY, type WaitlistEstimateImage } from '../../sync/waitlist-messages.js';
import { currentEstimates } from './waitlist-service.js';

const ROOM_EVENT = /^(order|payment|table|waitlist|reservation)\./;

export class WaitEstimateWatch {
  private scheduled = false;
  /** What screens were last told: nothing waiting, until someone is (a room with no waitlist sends nothing). */
  private last = '[]';
  /** What the cloud was last sent per party: `minutes/position`. */
  private sent = new Map<string, string>();
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: CommandDeps) {
    this.unsubscribe = deps.bus.subscribe((event: DomainEvent) => {
      if (ROOM_EVENT.test(event.type)) this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.stopped) return;
      try {
        this.publishIfChanged();
      } catch {
        // The database closing under a stopping box; the next change recomputes anyway.
      }
    });
  }

  publishIfChanged(): void {
    const now = this.deps.clock.now();
    const estimates = currentEstimates(this.deps.db, now).map((e) => ({ id: e.id, minutes: e.minutes, tableIds: e.tableIds }));
    const key = JSON.stringify(estimates);
    if (key === this.last) return;
    this.last = key;
    this.deps.bus.publish([{ type: 'estimated_wait_time', data: { at: now, estimates } }]);
    this.queueForCloud(now, estimates);
  }

  /** One row per party whose estimate or place moved; the mutable row's seq orders them in the cloud. */
  private queueForCloud(now: number, estimates: Array<{ id: string; minutes: number; tableIds: string[] | null }>): void {
    const moved: WaitlistEstimateImage[] = [];
    const next = new Map<string, string>();
    estimates.forEach((e, i) => {
      const key = `${e.minutes}/${i + 1}`;
      next.set(e.id, key);
      if (this.sent.get(e.id) !== key) moved.push({ id: e.id, minutes: e.minutes, position: i + 1, tableIds: e.tableIds ?? [], at: now, version: 1 });
    });
    this.sent = next;
    if (moved.length === 0) return;
    runCommand(this.deps, SYSTEM_ACTOR, (ctx) => { for (const row of moved) ctx.change(WAITLIST_ESTIMATE_ENTITY, { ...row }); })
      .catch(() => { this.sent = new Map(); }); // a stopping box; the next change sends them all again
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }
}
