/**
 * Who the guest is: the `brigade_guest` cookie (browsers) or `Authorization: Bearer bgs_…` (scripts),
 * through the session mechanics the staff accounts use (cloud/auth/session-store.ts), in the guests'
 * own table. A staff token is not a guest token, nor the reverse: each is looked up in its own table.
 */
import type { Context } from 'hono';
import { AppError } from '../../src/errors.js';
import type { AuthDeps } from '../auth/deps.js';
import type { AuthEnv } from '../auth/middleware.js';
import { GUEST_SESSION_COOKIE, sessionToken, setSessionCookie } from '../auth/http.js';
import { GUEST_SESSIONS, touchSession } from '../auth/session-store.js';
import { findGuest, type GuestRow } from './store.js';

export interface GuestSession { guest: GuestRow; token: string }

/** The signed-in guest, or null; re-sends the cookie when the sliding expiry moved. */
export async function guestOf(c: Context<AuthEnv>, deps: AuthDeps): Promise<GuestSession | null> {
  const token = sessionToken(c, GUEST_SESSION_COOKIE);
  if (!token || token.length > 200) return null;
  const session = await touchSession(deps.db, deps.clock, GUEST_SESSIONS, token);
  if (!session) return null;
  const guest = await findGuest(deps.db, session.holderId);
  if (!guest) return null;
  if (session.renewedUntil !== null && !c.req.header('authorization')) setSessionCookie(c, deps, token, session.renewedUntil, GUEST_SESSION_COOKIE);
  return { guest, token };
}

export const guestUnauthenticated = () => new AppError('UNAUTHENTICATED', 'Sign in to your guest account first (POST /public/accounts/login); your session may have expired.');

/** Joining and booking need an email the guest proved is theirs. */
export function assertVerified(guest: GuestRow): void {
  if (guest.email_verified_at === null) {
    throw new AppError('EMAIL_NOT_VERIFIED', `Open the link we mailed to ${guest.email} first (or ask for a new one: POST /public/accounts/verify/resend).`);
  }
}
