/**
 * Sessions of staff accounts (the mechanics, shared with guest accounts, are in session-store.ts):
 * the session's account and what it may see.
 */
import type { Queryable } from '../db.js';
import type { AuthDeps } from './deps.js';
import { viewerOf, type AccountRow } from './directory.js';
import type { Viewer } from './reader.js';
import { ACCOUNT_SESSIONS, dropHolderSessions, dropSession, issueSession, touchSession, type NewSession } from './session-store.js';

export type { NewSession } from './session-store.js';

export async function createSession(q: Queryable, deps: AuthDeps, accountId: string): Promise<NewSession> {
  return issueSession(q, deps.clock, ACCOUNT_SESSIONS, accountId);
}

export interface ResolvedSession {
  viewer: Viewer;
  account: Pick<AccountRow, 'id' | 'email' | 'name'>;
  /** Set when this request pushed the expiry forward (the cookie is re-sent with it). */
  renewedUntil: number | null;
}

/** The session's account and viewer, or null when the token is unknown, expired or its account removed. */
export async function resolveSession(deps: AuthDeps, token: string): Promise<ResolvedSession | null> {
  const session = await touchSession(deps.db, deps.clock, ACCOUNT_SESSIONS, token);
  if (!session) return null;
  const { rows } = await deps.db.query<AccountRow>('SELECT id, organisation_id, email, name, role FROM accounts WHERE id = $1', [session.holderId]);
  const row = rows[0];
  if (!row) return null;
  return { viewer: await viewerOf(deps.db, row), account: { id: row.id, email: row.email, name: row.name }, renewedUntil: session.renewedUntil };
}

export async function endSession(q: Queryable, token: string): Promise<void> {
  await dropSession(q, ACCOUNT_SESSIONS, token);
}

/** Signs an account out everywhere (its role or locations changed, or it was removed). */
export async function endAccountSessions(q: Queryable, accountId: string): Promise<void> {
  await dropHolderSessions(q, ACCOUNT_SESSIONS, accountId);
}
