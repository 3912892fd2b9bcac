import type { EventBus } from '../events/bus.js';

/**
 * Wakes long-polling guest pages when something about their request may have changed: the request
 * itself (`guest.request`) or the order it became (any `order.*` event naming it). Waiters are
 * keyed by the request id and by its order id; a wake makes the page's handler read the state again.
 */
export class RequestWatch {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(bus: EventBus) {
    bus.subscribe((event) => {
      const data = event.data as { id?: unknown; orderId?: unknown } | null;
      if (!data || typeof data !== 'object') return;
      if (event.type === 'guest.request' || event.type.startsWith('order.')) {
        for (const key of [data.id, data.orderId]) if (typeof key === 'string') this.wake(key);
      }
    });
  }

  /** Resolves at the first wake for any of `keys`, or after `ms`. */
  next(keys: readonly string[], ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        for (const key of keys) this.waiting.get(key)?.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      for (const key of keys) {
        let set = this.waiting.get(key);
        if (!set) { set = new Set(); this.waiting.set(key, set); }
        set.add(done);
      }
      signal?.addEventListener('abort', done);
    });
  }

  size(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }

  private wake(key: string): void {
    const set = this.waiting.get(key);
    if (!set) return;
    this.waiting.delete(key);
    for (const done of set) done();
  }
}
