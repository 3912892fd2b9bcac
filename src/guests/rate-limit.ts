/**
 * Token buckets for the public routes (issue 19), in memory: per table token and per address. A
 * refused request costs a map lookup and nothing else (no database), so a flood of guest requests
 * cannot slow the staff's service (architecture §1.1). The map is bounded: the oldest idle keys go
 * first when it is full.
 */
import { AppError } from '../errors.js';

export interface BucketRule { capacity: number; perMinute: number }

/** A table's phones share one code: enough for a table of eight to browse, order and follow; not enough to flood. */
export const TOKEN_RULE: BucketRule = { capacity: 30, perMinute: 30 };
/** One phone on the Wi-Fi (every phone has its own LAN address). */
export const ADDRESS_RULE: BucketRule = { capacity: 30, perMinute: 30 };
const MAX_KEYS = 20_000;

interface Bucket { tokens: number; at: number }

/** Token buckets by key; also used by the cloud's guest routes for their per-table-code limit. */
export class Buckets {
  private readonly map = new Map<string, Bucket>();
  constructor(private readonly rule: BucketRule) {}

  /** Seconds until one request is allowed (0: now), after refilling. */
  wait(key: string, now: number): number {
    const b = this.refill(key, now);
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * 60) / this.rule.perMinute);
  }

  take(key: string): void {
    const b = this.map.get(key);
    if (b) b.tokens -= 1;
  }

  private refill(key: string, now: number): Bucket {
    let b = this.map.get(key);
    if (!b) {
      if (this.map.size >= MAX_KEYS) this.map.delete(this.map.keys().next().value!);
      b = { tokens: this.rule.capacity, at: now };
    } else {
      this.map.delete(key); // re-inserted below: the map's order is least recently used first
      b.tokens = Math.min(this.rule.capacity, b.tokens + ((now - b.at) / 60_000) * this.rule.perMinute);
      b.at = now;
    }
    this.map.set(key, b);
    return b;
  }
}

export class GuestRateLimiter {
  private readonly tokens: Buckets;
  private readonly addresses: Buckets;
  refused = 0;

  constructor(private readonly now: () => number, rules: { token?: BucketRule; address?: BucketRule } = {}) {
    this.tokens = new Buckets(rules.token ?? TOKEN_RULE);
    this.addresses = new Buckets(rules.address ?? ADDRESS_RULE);
  }

  /** Takes one request from both buckets, or throws 429 RATE_LIMITED (with Retry-After) taking none. */
  admit(tokenKey: string, address: string): void {
    const now = this.now();
    const byToken = this.tokens.wait(tokenKey, now);
    const byAddress = this.addresses.wait(address, now);
    if (byToken > 0 || byAddress > 0) {
      this.refused += 1;
      const scope = byToken >= byAddress ? 'token' : 'address';
      const seconds = Math.max(byToken, byAddress);
      throw new AppError('RATE_LIMITED', `Too many requests from ${scope === 'token' ? 'this table' : 'this phone'}; try again in ${seconds} s.`,
        { scope, retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
    }
    this.tokens.take(tokenKey);
    this.addresses.take(address);
  }
}
