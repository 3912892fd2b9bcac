/**
 * The session mechanics shared by staff accounts and guest accounts: a random token handed to the
 * browser (cookie) or a script (Bearer), kept as its SHA-256 only, expiring 14 days after its last
 * use (renewed at most hourly) and 60 days after sign-in whatever happens. Each kind of account has
 * its own table (a `SessionBook`), so a guest's token can never open a staff route.
 */
import type { Clock } from '../../src/lib/clock.js';
import type { Queryable } from '../db.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_RENEW_AFTER_MS } from './deps.js';
import { hashToken, newToken } from './password.js';

/** Where one kind of session lives: its table, the column naming its holder, its token prefix. */
export interface SessionBook {
  table: 'account_sessions' | 'guest_sessions';
  holder: 'account_id' | 'guest_id';
  prefix: 'bcs' | 'bgs';
}

export const ACCOUNT_SESSIONS: SessionBook = { table: 'account_sessions', holder: 'account_id', prefix: 'bcs' };
export const GUEST_SESSIONS: SessionBook = { table: 'guest_sessions', holder: 'guest_id', prefix: 'bgs' };

export interface NewSession {
  token: string;
  expiresAt: number;
}

export async function issueSession(q: Queryable, clock: Clock, book: SessionBook, holderId: string): Promise<NewSession> {
  const token = newToken(book.prefix);
  const now = clock.now();
  const expiresAt = now + SESSION_IDLE_MS;
  await q.query(`INSERT INTO ${book.table} (token_hash, ${book.holder}, created_at, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [hashToken(token), holderId, now, expiresAt, now + SESSION_MAX_MS]);
  return { token, expiresAt };
}

/**
 * The holder of a live session, pushing its sliding expiry forward when due (`renewedUntil` is then
 * set, for the cookie to be re-sent); null when the token is unknown or expired.
 */
export async function touchSession(q: Queryable, clock: Clock, book: SessionBook, token: string): Promise<{ holderId: string; renewedUntil: number | null } | null> {
  const now = clock.now();
  const tokenHash = hashToken(token);
  const { rows } = await q.query<{ holder_id: string; expires_at: number; absolute_expires_at: number }>(
    `SELECT ${book.holder} AS holder_id, expires_at, absolute_expires_at FROM ${book.table} WHERE token_hash = $1`, [tokenHash]);
  const row = rows[0];
  if (!row || Number(row.expires_at) <= now || Number(row.absolute_expires_at) <= now) return null;
  const next = Math.min(now + SESSION_IDLE_MS, Number(row.absolute_expires_at));
  if (next - Number(row.expires_at) < SESSION_RENEW_AFTER_MS) return { holderId: row.holder_id, renewedUntil: null };
  await q.query(`UPDATE ${book.table} SET expires_at = $2 WHERE token_hash = $1 AND expires_at < $2`, [tokenHash, next]);
  return { holderId: row.holder_id, renewedUntil: next };
}

export async function dropSession(q: Queryable, book: SessionBook, token: string): Promise<void> {
  await q.query(`DELETE FROM ${book.table} WHERE token_hash = $1`, [hashToken(token)]);
}

/** Signs a holder out everywhere (removed, role changed, new password). */
export async function dropHolderSessions(q: Queryable, book: SessionBook, holderId: string): Promise<void> {
  await q.query(`DELETE FROM ${book.table} WHERE ${book.holder} = $1`, [holderId]);
}
