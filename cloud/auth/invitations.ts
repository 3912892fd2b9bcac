/**
 * Invitations: an owner (or a manager, for viewers of their own locations) invites an email with a
 * role and locations; the one-time token (kept as its SHA-256) is good for 7 days. Accepting it
 * creates the account and its first session in one transaction; a second use is refused. The same
 * table holds password links for existing accounts (`cloud:admin owner link`).
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { INVITATION_TTL_MS, type AuthDeps } from './deps.js';
import { assertOrganisationLocations, findAccountByEmail } from './directory.js';
import { hashPassword, hashToken, newToken } from './password.js';
import type { Role, Viewer } from './reader.js';
import { assertCanInvite, assertCanListInvitations, assertLocationsForRole } from './rules.js';
import type { InviteInput } from './schemas.js';
import { createSession, endAccountSessions, type NewSession } from './sessions.js';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  locationIds: string[];
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
}

interface InvitationRow {
  id: string;
  organisation_id: string;
  account_id: string | null;
  email: string;
  role: Role;
  location_ids: string[];
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = 'id, organisation_id, account_id, email, role, location_ids, invited_by, created_at, expires_at, accepted_at, revoked_at';

function statusOf(row: InvitationRow, now: number): InvitationView['status'] {
  if (row.accepted_at !== null) return 'accepted';
  if (row.revoked_at !== null) return 'revoked';
  return row.expires_at <= now ? 'expired' : 'pending';
}

const view = (row: InvitationRow, now: number): InvitationView => ({
  id: row.id, email: row.email, role: row.role, locationIds: row.location_ids, invitedBy: row.invited_by,
  createdAt: row.created_at, expiresAt: row.expires_at, status: statusOf(row, now),
});

const invalid = () => new AppError('INVITATION_INVALID', 'This link is not valid any more: it was already used, revoked or has expired. Ask for a new invitation.');

/** A new invitation and its token (shown this once). Pending invitations to the same email are revoked. */
export async function createInvitation(deps: AuthDeps, viewer: Viewer, input: InviteInput): Promise<InvitationView & { token: string }> {
  assertCanInvite(viewer, input.role, input.locationIds);
  const locationIds = input.role === 'owner' ? [] : [...new Set(input.locationIds)];
  assertLocationsForRole(input.role, locationIds);
  const token = newToken('bci');
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (q) => {
    await assertOrganisationLocations(q, viewer.organisationId, locationIds);
    if (await findAccountByEmail(q, input.email)) {
      throw new AppError('DUPLICATE', `${input.email} already has an account.`, { field: 'email' });
    }
    await q.query('UPDATE invitations SET revoked_at = $3 WHERE organisation_id = $1 AND email = $2 AND account_id IS NULL AND accepted_at IS NULL AND revoked_at IS NULL',
      [viewer.organisationId, input.email, now]);
    const { rows } = await q.query<InvitationRow>(`INSERT INTO invitations (id, organisation_id, email, role, location_ids, token_hash, invited_by, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [deps.ids.next(), viewer.organisationId, input.email, input.role, locationIds, hashToken(token), viewer.accountId, now, now + INVITATION_TTL_MS]);
    return rows[0]!;
  });
  deps.logger.info({ invitationId: row.id, organisationId: viewer.organisationId, role: row.role, by: viewer.accountId }, 'invitation created');
  return { ...view(row, now), token };
}

/** Invitations of the organisation (a manager: the ones they sent), newest first; password links are not listed. */
export async function listInvitations(deps: AuthDeps, viewer: Viewer): Promise<InvitationView[]> {
  assertCanListInvitations(viewer);
  const mine = viewer.role === 'owner' ? null : viewer.accountId;
  const { rows } = await deps.db.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations
    WHERE organisation_id = $1 AND account_id IS NULL AND ($2::text IS NULL OR invited_by = $2) ORDER BY created_at DESC, id DESC`, [viewer.organisationId, mine]);
  const now = deps.clock.now();
  return rows.map((r) => view(r, now));
}

/** Revokes a pending invitation; 404 for another organisation's (or, for a manager, someone else's). */
export async function revokeInvitation(deps: AuthDeps, viewer: Viewer, id: string): Promise<InvitationView> {
  assertCanListInvitations(viewer);
  const mine = viewer.role === 'owner' ? null : viewer.accountId;
  const now = deps.clock.now();
  const { rows } = await deps.db.query<InvitationRow>(`UPDATE invitations SET revoked_at = COALESCE(revoked_at, $4)
    WHERE id = $1 AND organisation_id = $2 AND account_id IS NULL AND ($3::text IS NULL OR invited_by = $3) AND accepted_at IS NULL
    RETURNING ${COLUMNS}`, [id, viewer.organisationId, mine, now]);
  if (!rows[0]) {
    throw new AppError('NOT_FOUND', `No pending invitation with id ${id}.`, { entity: 'invitation', id });
  }
  return view(rows[0], now);
}

/** What the invitation page shows before it is accepted; null when the token is not usable. */
export async function lookupInvitation(deps: AuthDeps, token: string): Promise<{ email: string; role: Role; organisation: string; existingAccount: boolean } | null> {
  const { rows } = await deps.db.query<InvitationRow & { organisation: string }>(
    `SELECT i.email, i.role, i.account_id, i.accepted_at, i.revoked_at, i.expires_at, o.name AS organisation
       FROM invitations i JOIN organisations o ON o.id = i.organisation_id WHERE i.token_hash = $1`, [hashToken(token)]);
  const row = rows[0];
  if (!row || row.accepted_at !== null || row.revoked_at !== null || row.expires_at <= deps.clock.now()) return null;
  return { email: row.email, role: row.role, organisation: row.organisation, existingAccount: row.account_id !== null };
}

/**
 * Uses the token once: creates the account (or sets an existing account's password) and a
 * session, in one transaction. The row lock makes two racing accepts end with one account.
 */
export async function acceptInvitation(deps: AuthDeps, input: { token: string; name: string; password: string }): Promise<NewSession & { accountId: string }> {
  if (!(await lookupInvitation(deps, input.token))) throw invalid(); // cheap refusal before scrypt
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (q) => {
    const { rows } = await q.query<InvitationRow>(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1 FOR UPDATE`, [hashToken(input.token)]);
    const row = rows[0];
    const now = deps.clock.now();
    if (!row || statusOf(row, now) !== 'pending') throw invalid();
    const accountId = row.account_id ?? await createAccount(q, deps, row, input.name, passwordHash);
    if (row.account_id) {
      await q.query('UPDATE accounts SET password_hash = $2, name = $3 WHERE id = $1', [row.account_id, passwordHash, input.name]);
      await endAccountSessions(q, row.account_id);
    }
    await q.query('UPDATE invitations SET accepted_at = $2 WHERE id = $1', [row.id, now]);
    deps.logger.info({ invitationId: row.id, accountId }, row.account_id ? 'password set from link' : 'invitation accepted');
    return { ...(await createSession(q, deps, accountId)), accountId };
  });
}

async function createAccount(q: Queryable, deps: AuthDeps, row: InvitationRow, name: string, passwordHash: string): Promise<string> {
  if (await findAccountByEmail(q, row.email)) throw new AppError('DUPLICATE', `${row.email} already has an account: sign in instead.`, { field: 'email' });
  const id = deps.ids.next();
  await q.query('INSERT INTO accounts (id, organisation_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, row.organisation_id, row.email, name, row.role, passwordHash]);
  // Grants keep only locations still in the organisation (one may have gone since the invitation).
  await q.query(`INSERT INTO account_locations (account_id, location_id)
    SELECT $1, l.id FROM locations l WHERE l.organisation_id = $2 AND l.id = ANY($3::text[])`, [id, row.organisation_id, row.role === 'owner' ? [] : row.location_ids]);
  return id;
}

/** A one-time link for an existing account to set its password (the CLI, for an organisation's first owner). */
export async function createPasswordLink(db: CloudDb, deps: Pick<AuthDeps, 'clock' | 'ids'>, email: string): Promise<{ token: string; expiresAt: number }> {
  const account = await findAccountByEmail(db, email);
  if (!account) throw new Error(`No account with email ${email}.`);
  const token = newToken('bci');
  const now = deps.clock.now();
  await db.query(`INSERT INTO invitations (id, organisation_id, account_id, email, role, token_hash, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [deps.ids.next(), account.organisation_id, account.id, account.email, account.role, hashToken(token), now, now + INVITATION_TTL_MS]);
  return { token, expiresAt: now + INVITATION_TTL_MS };
}

