/** Something that happened, for screens. Published only after the transaction that caused it committed. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

export type EventListener = (event: DomainEvent) => void;

export interface SubscribeOptions {
  /**
   * Screens waiting for this event (the realtime hub): such listeners get every event of a publish
   * before any other listener gets the first one, so a kitchen frame is on the wire before the box
   * does post-commit chores such as waking a print worker (which reads the database).
   */
  urgent?: boolean;
}

/** The in-process event bus. The realtime hub subscribes to it; the domain never imports `ws`. */
export class EventBus {
  private urgent: EventListener[] = [];
  private others: EventListener[] = [];

  /**
   * Delivers `events` in order to every listener: urgent listeners first, each given the whole
   * list, then the others. Listeners must not throw (they run right after a commit).
   */
  publish(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    // The lists are replaced, never changed in place: a listener that (un)subscribes during a
    // publish does not disturb this loop.
    for (const listener of this.urgent) deliver(listener, events);
    for (const listener of this.others) deliver(listener, events);
  }

  subscribe(listener: EventListener, options: SubscribeOptions = {}): () => void {
    if (options.urgent) this.urgent = [...this.urgent, listener];
    else this.others = [...this.others, listener];
    return () => {
      this.urgent = this.urgent.filter((l) => l !== listener);
      this.others = this.others.filter((l) => l !== listener);
    };
  }
}

function deliver(listener: EventListener, events: readonly DomainEvent[]): void {
  for (const event of events) listener(event);
}
