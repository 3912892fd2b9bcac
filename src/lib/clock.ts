import { uuidv7 } from './uuid-v7.js';

/** Time and ids are injected so tests can control them (the only doubles architecture §10 allows). */
export interface Clock {
  now(): number;
}

export interface IdGenerator {
  /** A new UUIDv7: sortable by creation time, unique across boxes. */
  next(): string;
}

export const systemClock: Clock = { now: () => Date.now() };

export const uuidV7Ids: IdGenerator = { next: () => uuidv7() };

/** A clock tests can move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 20, 18, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => { t += ms; },
    set: (ms) => { t = ms; },
  };
}
