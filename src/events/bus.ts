import { EventEmitter } from 'node:events';

/** Something that happened, for screens. Published only after the transaction that caused it committed. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** The in-process event bus. The realtime hub subscribes to it; the domain never imports `ws`. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every connected screen's hub subscription is one listener; there may be many.
    this.emitter.setMaxListeners(0);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) this.emitter.emit('event', event);
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
