/**
 * Sessions of cloud accounts: a random token given to the browser (cookie) or a script (Bearer),
 * kept as its SHA-256 only, expiring 14 days after its last use (renewed at most hourly) and 60
 * days after sign-in whatever happens.
 */
import type { Queryable } from '../db.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_RENEW_AFTER_MS, type AuthDeps } from './deps.js';
import { viewerOf, type AccountRow } from './directory.js';
import { hashToken, newToken } from './password.js';
import type { Viewer } from './reader.js';

export interface NewSession {
  token: string;
  expiresAt: number;
}

export async function createSession(q: Queryable, deps: AuthDeps, accountId: string): Promise<NewSession> {
  const token = newToken('bcs');
  const now = deps.clock.now();
  const expiresAt = now + SESSION_IDLE_MS;
  await q.query('INSERT INTO account_sessions (token_hash, account_id, created_at, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashToken(token), accountId, now, expiresAt, now + SESSION_MAX_MS]);
  return { token, expiresAt };
}

export interface ResolvedSession {
  viewer: Viewer;
  account: Pick<AccountRow, 'id' | 'email' | 'name'>;
  /** Set when this request pushed the expiry forward (the cookie is re-sent with it). */
  renewedUntil: number | null;
}

/** The session's account and viewer, or null when the token is unknown, expired or its account removed. */
export async function resolveSession(deps: AuthDeps, token: string): Promise<ResolvedSession | null> {
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const { rows } = await deps.db.query<AccountRow & { expires_at: number; absolute_expires_at: number }>(
    `SELECT a.id, a.organisation_id, a.email, a.name, a.role, s.expires_at, s.absolute_expires_at
       FROM account_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1`, [tokenHash]);
  const row = rows[0];
  if (!row || row.expires_at <= now || row.absolute_expires_at <= now) return null;
  let renewedUntil: number | null = null;
  const next = Math.min(now + SESSION_IDLE_MS, row.absolute_expires_at);
  if (next - row.expires_at >= SESSION_RENEW_AFTER_MS) {
    await deps.db.query('UPDATE account_sessions SET expires_at = $2 WHERE token_hash = $1 AND expires_at < $2', [tokenHash, next]);
    renewedUntil = next;
  }
  return { viewer: await viewerOf(deps.db, row), account: { id: row.id, email: row.email, name: row.name }, renewedUntil };
}

export async function endSession(q: Queryable, token: string): Promise<void> {
  await q.query('DELETE FROM account_sessions WHERE token_hash = $1', [hashToken(token)]);
}

/** Signs an account out everywhere (its role or locations changed, or it was removed). */
export async function endAccountSessions(q: Queryable, accountId: string): Promise<void> {
  await q.query('DELETE FROM account_sessions WHERE account_id = $1', [accountId]);
}
