/**
 * Guest accounts and the single-use links mailed to them (issue 20). The tables are the service's own
 * directory (migration 0024), read as the connecting role like the owners' accounts.
 */
import type { Clock, IdGenerator } from '../../src/lib/clock.js';
import type { Queryable } from '../db.js';
import { hashToken, newToken } from '../auth/password.js';

const HOUR = 60 * 60 * 1000;
/** A verification link is good for 2 days; a new-password link for 1 hour (it is a key to the account). */
export const LINK_TTL_MS = { verify: 48 * HOUR, reset: HOUR } as const;
export type LinkPurpose = keyof typeof LINK_TTL_MS;

export interface GuestRow {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  password_hash: string;
  email_verified_at: number | null;
  created_at: number;
}

/** What the guest sees of their account. */
export interface GuestView {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  verified: boolean;
  createdAt: number;
}

export const guestView = (g: GuestRow): GuestView =>
  ({ id: g.id, email: g.email, name: g.name, phone: g.phone, verified: g.email_verified_at !== null, createdAt: Number(g.created_at) });

const COLUMNS = 'id, email, name, phone, password_hash, email_verified_at, created_at';

export async function findGuestByEmail(q: Queryable, email: string): Promise<GuestRow | undefined> {
  return (await q.query<GuestRow>(`SELECT ${COLUMNS} FROM guest_accounts WHERE lower(email) = lower($1)`, [email])).rows[0];
}

export async function findGuest(q: Queryable, id: string): Promise<GuestRow | undefined> {
  return (await q.query<GuestRow>(`SELECT ${COLUMNS} FROM guest_accounts WHERE id = $1`, [id])).rows[0];
}

/** A new unverified account; null when the email already has one (two sign-ups at once: one wins). */
export async function insertGuest(q: Queryable, ids: IdGenerator, clock: Clock, input: { email: string; passwordHash: string; name: string | null; phone: string | null }): Promise<GuestRow | null> {
  const { rows } = await q.query<GuestRow>(`INSERT INTO guest_accounts (id, email, name, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (lower(email)) DO NOTHING RETURNING ${COLUMNS}`, [ids.next(), input.email, input.name, input.phone, input.passwordHash, clock.now()]);
  return rows[0] ?? null;
}

/** A new link for `purpose`; the older unused ones of the same purpose stop working (only the latest mail counts). */
export async function issueLink(q: Queryable, clock: Clock, guestId: string, purpose: LinkPurpose): Promise<{ token: string; expiresAt: number }> {
  const now = clock.now();
  await q.query('UPDATE guest_tokens SET used_at = $3 WHERE guest_id = $1 AND purpose = $2 AND used_at IS NULL', [guestId, purpose, now]);
  const token = newToken('bgl');
  const expiresAt = now + LINK_TTL_MS[purpose];
  await q.query('INSERT INTO guest_tokens (token_hash, guest_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashToken(token), guestId, purpose, now, expiresAt]);
  return { token, expiresAt };
}

/**
 * Uses a link once: marks it used and answers its guest, in the caller's transaction; null when the
 * token is unknown, of another purpose, used or expired. The UPDATE … WHERE used_at IS NULL makes two
 * clicks at once one use.
 */
export async function consumeLink(q: Queryable, clock: Clock, token: string, purpose: LinkPurpose): Promise<string | null> {
  const now = clock.now();
  const { rows } = await q.query<{ guest_id: string }>(
    'UPDATE guest_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING guest_id',
    [hashToken(token), purpose, now]);
  return rows[0]?.guest_id ?? null;
}
