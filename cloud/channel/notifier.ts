/**
 * Wakes the long-polls waiting on a location when a message for it commits. The cloud is one
 * process, so an in-process signal is enough; a poll also re-reads every second on its own, so a
 * message written by another process (the admin CLI, a second instance) is seen within a second.
 */
import type { CloudDb } from '../db.js';

export interface Waiter {
  /** Resolves on a notification for the location, or after `ms`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  cancel(): void;
}

/** A box counts as listening this long after its last poll ended (the gap between two polls is an apply and an ack). */
export const LISTENING_GRACE_MS = 5_000;

export class ChannelNotifier {
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly lastPoll = new Map<string, number>();

  /** A box of the location is polling now (called at the start and end of each poll). */
  heard(locationId: string): void {
    this.lastPoll.set(locationId, Date.now());
  }

  /**
   * Whether a box of the location is on the channel now: a poll is waiting, or one ended moments
   * ago. In this process only (the cloud is one process; architecture §6) — a guest request placed
   * while no box listens is held on arrival (issue 19).
   */
  listening(locationId: string): boolean {
    return this.waiting.has(locationId) || Date.now() - (this.lastPoll.get(locationId) ?? 0) < LISTENING_GRACE_MS;
  }

  /** Subscribe before reading the log, so a message committed between the read and the wait is not missed. */
  subscribe(locationId: string): Waiter {
    let fired = false;
    let wake: (() => void) | null = null;
    const listener = () => { fired = true; wake?.(); };
    let set = this.waiting.get(locationId);
    if (!set) this.waiting.set(locationId, set = new Set());
    set.add(listener);
    const cancel = () => {
      set!.delete(listener);
      if (set!.size === 0 && this.waiting.get(locationId) === set) this.waiting.delete(locationId);
    };
    return {
      cancel,
      wait: (ms, signal) => new Promise<void>((resolve) => {
        if (fired || signal?.aborted) { cancel(); resolve(); return; }
        const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); cancel(); resolve(); };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done);
        wake = done;
      }),
    };
  }

  notify(locationIds: Iterable<string>): void {
    for (const id of locationIds) for (const listener of [...(this.waiting.get(id) ?? [])]) listener();
  }
}

const notifiers = new WeakMap<CloudDb, ChannelNotifier>();

/** The notifier of one database handle: whoever publishes on it wakes whoever polls on it. */
export function notifierFor(db: CloudDb): ChannelNotifier {
  let n = notifiers.get(db);
  if (!n) notifiers.set(db, n = new ChannelNotifier());
  return n;
}
