/**
 * The sign-in rate limit, per (email, client address): after LOGIN_MAX_FAILURES wrong passwords
 * within LOGIN_WINDOW_MS, that pair is refused for LOGIN_LOCK_MS — even with the right password.
 * Keyed on the address too, so a stranger guessing from elsewhere cannot lock the owner out.
 * Unknown emails are counted the same way, so the limit does not reveal which emails exist.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb } from '../db.js';
import { LOGIN_LOCK_MS, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS } from './deps.js';

/**
 * Whose sign-ins a throttle counts: its table (same shape; guests have their own, so a guest's wrong
 * passwords never lock a staff account with the same email) and what the refusal tells the person.
 */
export interface ThrottleBook { table: 'login_throttle' | 'guest_login_throttle'; hint: string }
export const OWNER_THROTTLE: ThrottleBook = { table: 'login_throttle', hint: 'or ask an owner to send you a new password link' };

/** 429 LOGIN_THROTTLED while the pair is locked. */
export async function assertNotThrottled(db: CloudDb, email: string, ip: string, now: number, book: ThrottleBook = OWNER_THROTTLE): Promise<void> {
  const { rows } = await db.query<{ locked_until: number | null }>(`SELECT locked_until FROM ${book.table} WHERE email = $1 AND ip = $2`, [email, ip]);
  const until = rows[0]?.locked_until;
  if (until && until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new AppError('LOGIN_THROTTLED', `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s), ${book.hint}.`,
      { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}

/** Counts one wrong password; the LOGIN_MAX_FAILURES-th within the window starts the lock. */
export async function recordFailure(db: CloudDb, email: string, ip: string, now: number, book: ThrottleBook = OWNER_THROTTLE): Promise<void> {
  await db.transaction(async (q) => {
    const { rows } = await q.query<{ failures: number; window_started_at: number }>(
      `SELECT failures, window_started_at FROM ${book.table} WHERE email = $1 AND ip = $2 FOR UPDATE`, [email, ip]);
    const fresh = !rows[0] || rows[0].window_started_at <= now - LOGIN_WINDOW_MS;
    const failures = fresh ? 1 : rows[0]!.failures + 1;
    const windowStart = fresh ? now : rows[0]!.window_started_at;
    const lockedUntil = failures >= LOGIN_MAX_FAILURES ? now + LOGIN_LOCK_MS : null;
    await q.query(`INSERT INTO ${book.table} (email, ip, failures, window_started_at, locked_until) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (email, ip) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
    [email, ip, lockedUntil ? 0 : failures, lockedUntil ? now : windowStart, lockedUntil]);
  });
}

/** A successful sign-in forgets the pair's failures. */
export async function clearFailures(db: CloudDb, email: string, ip: string, book: ThrottleBook = OWNER_THROTTLE): Promise<void> {
  await db.query(`DELETE FROM ${book.table} WHERE email = $1 AND ip = $2`, [email, ip]);
}
