import { describe, expect, it } from 'vitest';
import { MessageRing } from '../src/realtime/ring.js';

const message = (seq: number, bytes: number) => ({ seq, topics: ['orders'], payload: Buffer.alloc(bytes, 'x') });
const seqs = (list: Array<{ seq: number }> | null) => list?.map((m) => m.seq) ?? null;

describe("the hub's resume buffer", () => {
  it('keeps no more bytes than its bound: a screen whose missed frames fell out by size is told to reload', () => {
    const ring = new MessageRing(10_000, 1000);
    for (let seq = 1; seq <= 10; seq++) ring.push(message(seq, 300));
    expect(ring.size).toBe(3);
    expect(ring.bytes).toBe(900);
    expect(seqs(ring.since(7, 10))).toEqual([8, 9, 10]);
    expect(ring.since(6, 10)).toBeNull();
    expect(seqs(ring.since(10, 10))).toEqual([]);
  });

  it('keeps the newest frames in order when the count bound and the byte bound both evict', () => {
    const ring = new MessageRing(4, 1000);
    for (let seq = 1; seq <= 9; seq++) ring.push(message(seq, 100));
    expect(seqs(ring.since(5, 9))).toEqual([6, 7, 8, 9]);
    expect(ring.since(4, 9)).toBeNull();
    ring.push(message(10, 800));
    expect(seqs(ring.since(7, 10))).toEqual([8, 9, 10]);
    expect(ring.since(6, 10)).toBeNull();
    expect(ring.bytes).toBe(1000);
    ring.push(message(11, 2000));
    expect(seqs(ring.since(10, 11))).toEqual([11]);
    expect(ring.size).toBe(1);
  });
});
