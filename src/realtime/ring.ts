/**
 * The last messages the hub sent, for clients that reconnect with the last seq they saw. Bounded by
 * count and by bytes, so a busy evening never grows the box's memory (10,000 order frames of 2 kB
 * would hold 20 MB); seqs in it are contiguous (every message that has topics gets the next seq and
 * goes in here), and the oldest fall out first.
 */
export interface BufferedMessage {
  seq: number;
  topics: readonly string[];
  /** The frame, serialized once and sent as is to every client (and replayed as is). */
  payload: Buffer;
}

export class MessageRing {
  private readonly slots: Array<BufferedMessage | undefined>;
  /** Slot of the oldest message. */
  private head = 0;
  private count = 0;
  private heldBytes = 0;

  constructor(readonly capacity: number, readonly maxBytes = Number.POSITIVE_INFINITY) {
    if (!(capacity >= 1)) throw new Error('The resume buffer must hold at least one message.');
    this.slots = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Payload bytes held. */
  get bytes(): number {
    return this.heldBytes;
  }

  push(message: BufferedMessage): void {
    while (this.count > 0 && (this.count === this.capacity || this.heldBytes + message.payload.length > this.maxBytes)) this.dropOldest();
    this.slots[(this.head + this.count) % this.capacity] = message;
    this.count += 1;
    this.heldBytes += message.payload.length;
  }

  private dropOldest(): void {
    this.heldBytes -= this.slots[this.head]!.payload.length;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
  }

  /**
   * Every message with seq > lastSeq, oldest first, given the latest seq handed out. Null when some
   * of them already fell out of the buffer (the client must reload).
   */
  since(lastSeq: number, latestSeq: number): BufferedMessage[] | null {
    const oldest = latestSeq - this.count + 1;
    if (lastSeq < oldest - 1) return null;
    const missed = latestSeq - lastSeq;
    if (missed <= 0) return [];
    const out: BufferedMessage[] = [];
    // The newest message is the last of `count` slots from `head`: start `missed` slots before its end.
    let index = (this.head + this.count - missed) % this.capacity;
    for (let i = 0; i < missed; i++) {
      out.push(this.slots[index]!);
      index = (index + 1) % this.capacity;
    }
    return out;
  }
}
