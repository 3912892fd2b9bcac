/**
 * Rate limits of the guest routes, per client address (the public routes' limiter,
 * cloud/profiles/rate-limit.ts), plus a tighter one on the routes that send mail — per address and
 * per recipient, so nobody can make the service mail-bomb an inbox. Every request counts, refused
 * or not: a bad request costs its sender a request too.
 */
import type { Context } from 'hono';
import type { AuthDeps } from '../auth/deps.js';
import { clientIp } from '../auth/http.js';
import { PublicRateLimiter } from '../profiles/rate-limit.js';

/** Mails a minute per address and per recipient: sign-up, a new verification link, a new-password link. */
export const GUEST_MAIL_RATE_PER_MINUTE = 5;

export class GuestLimits {
  private requests: PublicRateLimiter | null = null;
  private mails: PublicRateLimiter | null = null;

  /** One request from the caller's address; 429 RATE_LIMITED with Retry-After over the limit. */
  hit(c: Context, deps: AuthDeps): void {
    this.requests ??= PublicRateLimiter.fromEnv(deps.clock);
    this.requests.hit(clientIp(c, deps));
  }

  /** One mail, counted against each key (`ip:…`, `to:…`); CLOUD_GUEST_MAIL_RATE_PER_MINUTE overrides the limit. */
  mail(deps: AuthDeps, ...keys: string[]): void {
    if (!this.mails) {
      const n = Number(process.env.CLOUD_GUEST_MAIL_RATE_PER_MINUTE);
      this.mails = new PublicRateLimiter(Number.isSafeInteger(n) && n > 0 ? n : GUEST_MAIL_RATE_PER_MINUTE, deps.clock);
    }
    for (const key of keys) this.mails.hit(key);
  }
}
