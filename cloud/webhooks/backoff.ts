/**
 * When to try a failed delivery again (issue 21): exponential from 30 s, doubling to a cap of one
 * hour, with "equal jitter" (half the step fixed, half random) so a thousand deliveries that failed
 * together do not come back together, yet none comes back at once. After 24 h since the delivery was
 * made it is dead-lettered: kept, listed, replayable by hand, never tried again by itself.
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/** The wait after the `failures`-th failed attempt (1 for the first), for a random number in [0, 1). */
export function retryDelay(failures: number, random: number): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(step / 2 + (step / 2) * random);
}

/** The next attempt's time, or null when it would fall past the retry window (dead-letter now). */
export function nextAttemptAt(createdAt: number, now: number, failures: number, random: number, windowMs = RETRY_WINDOW_MS): number | null {
  const at = now + retryDelay(failures, random);
  return at - createdAt > windowMs ? null : at;
}
