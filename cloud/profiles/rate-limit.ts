/**
 * The public routes' rate limit, per client address (architecture: public routes face the
 * internet). A fixed window in memory: every address gets `limit` requests per window; the whole
 * table is dropped when the window turns, so memory is bounded by the addresses seen in one window.
 * In memory means per process: behind several cloud processes the limit is per process (each sees
 * a share of an address's requests) — good enough against one scraper, and nothing to store.
 */
import { AppError } from '../../src/errors.js';
import type { Clock } from '../../src/lib/clock.js';

export const PUBLIC_RATE_PER_MINUTE = 120;

export class PublicRateLimiter {
  private windowStart = -1;
  private counts = new Map<string, number>();

  constructor(private readonly limit: number, private readonly clock: Clock, private readonly windowMs = 60_000) {}

  /** From CLOUD_PUBLIC_RATE_PER_MINUTE (a positive integer), else PUBLIC_RATE_PER_MINUTE. */
  static fromEnv(clock: Clock): PublicRateLimiter {
    const n = Number(process.env.CLOUD_PUBLIC_RATE_PER_MINUTE);
    return new PublicRateLimiter(Number.isSafeInteger(n) && n > 0 ? n : PUBLIC_RATE_PER_MINUTE, clock);
  }

  /** Counts one request from `address`; 429 RATE_LIMITED with Retry-After once over the limit. */
  hit(address: string): void {
    const now = this.clock.now();
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) { this.windowStart = start; this.counts = new Map(); }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    if (count > this.limit) {
      const seconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', `Too many requests from your address: at most ${this.limit} a minute. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds, limit: this.limit }, { 'Retry-After': String(seconds) });
    }
  }
}
