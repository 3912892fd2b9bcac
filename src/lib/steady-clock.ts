/**
 * The box's clock: the wall clock, except that it never goes backwards (docs/operations.md, "Clock").
 *
 * An NTP step, a person setting the time by hand, or a Raspberry Pi (no battery-backed clock) that
 * boots with the time it was switched off, can all put the wall clock behind times the box has
 * already written. Timestamps that go backwards would reorder kitchen tickets and the change log,
 * and could send the day's orders into yesterday's business day. So when the wall clock is behind
 * the last time this clock gave (or behind `floor`, the newest time in the database at start), time
 * runs on from there at the real rate (the process's monotonic timer), and follows the wall clock
 * again as soon as it is ahead — so it neither jumps back nor stands still.
 */
import type { Clock } from './clock.js';

export interface SteadyClock extends Clock {
  /** How far the wall clock is behind the time this clock gives (0 when it is not). */
  wallBehindMs(): number;
}

export function steadyClock(options: {
  floor?: number;
  wall?: () => number;
  monotonic?: () => number;
  /** Told once per step backwards of more than `warnAfterMs` (default one minute). */
  onStepBack?: (behindMs: number) => void;
  warnAfterMs?: number;
} = {}): SteadyClock {
  const wall = options.wall ?? Date.now;
  const monotonic = options.monotonic ?? (() => performance.now());
  const warnAfter = options.warnAfterMs ?? 60_000;
  let base = Math.max(wall(), options.floor ?? 0);
  let baseMono = monotonic();
  let warned = false;
  let behind = 0;
  return {
    now() {
      const w = wall();
      const m = monotonic();
      const steady = base + (m - baseMono);
      if (w >= steady) {
        base = w; baseMono = m; behind = 0; warned = false;
        return w;
      }
      behind = steady - w;
      if (!warned && behind > warnAfter) { warned = true; options.onStepBack?.(behind); }
      return Math.floor(steady);
    },
    wallBehindMs: () => behind,
  };
}
