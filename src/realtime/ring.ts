/**
 * The last N messages the hub sent, for clients that reconnect with the last seq they saw. Fixed
 * size, so a busy evening never grows the box's memory; seqs in it are contiguous (every message
 * that has topics gets the next seq and goes in here).
 */
export interface BufferedMessage {
  seq: number;
  topics: readonly string[];
  /** The frame, serialized once and sent as is to every client (and replayed as is). */
  payload: Buffer;
}

export class MessageRing {
  private readonly slots: Array<BufferedMessage | undefined>;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('The resume buffer must hold at least one message.');
    this.slots = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(message: BufferedMessage): void {
    this.slots[this.next] = message;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count += 1;
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
    // The newest message sits just before `next`; walk back `missed` slots, then forward.
    let index = (this.next - missed + this.capacity * 2) % this.capacity;
    for (let i = 0; i < missed; i++) {
      out.push(this.slots[index]!);
      index = (index + 1) % this.capacity;
    }
    return out;
  }
}
