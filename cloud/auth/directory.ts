/**
 * The account directory: accounts, their grants and their organisation's locations. Read as the
 * connecting role (like `devices` in tenant.ts), never as brigade_service.
 */
import { AppError } from '../../src/errors.js';
import type { Queryable } from '../db.js';
import type { Role, Viewer } from './reader.js';

export interface AccountRow {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
}

/** Emails are compared and stored lower-cased (and trimmed). */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export async function findAccountByEmail(q: Queryable, email: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>(
    'SELECT id, organisation_id, email, name, role, password_hash FROM accounts WHERE lower(email) = $1', [normaliseEmail(email)]);
  return rows[0];
}

export async function findAccount(q: Queryable, id: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>('SELECT id, organisation_id, email, name, role, password_hash FROM accounts WHERE id = $1', [id]);
  return rows[0];
}

/** The locations an account may see, with names, in name order. Owners: all of the organisation's. */
export async function visibleLocations(q: Queryable, account: Pick<AccountRow, 'id' | 'organisation_id' | 'role'>): Promise<{ id: string; name: string }[]> {
  const { rows } = account.role === 'owner'
    ? await q.query<{ id: string; name: string }>('SELECT id, name FROM locations WHERE organisation_id = $1 ORDER BY name, id', [account.organisation_id])
    // The join on organisation keeps a grant from ever reaching into another organisation.
    : await q.query<{ id: string; name: string }>(`SELECT l.id, l.name FROM account_locations g JOIN locations l ON l.id = g.location_id
        WHERE g.account_id = $1 AND l.organisation_id = $2 ORDER BY l.name, l.id`, [account.id, account.organisation_id]);
  return rows;
}

export async function viewerOf(q: Queryable, account: Pick<AccountRow, 'id' | 'organisation_id' | 'role'>): Promise<Viewer> {
  const locations = await visibleLocations(q, account);
  return { accountId: account.id, organisationId: account.organisation_id, role: account.role, locationIds: locations.map((l) => l.id) };
}

/** Who a signed-in person is, for GET /api/me and the dashboard: account, role, organisation and the locations they see, by name. */
export async function viewerProfile(q: Queryable, viewer: Viewer, account: { id: string; email: string; name: string }) {
  const { rows } = await q.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE id = $1', [viewer.organisationId]);
  const locations = await visibleLocations(q, { id: viewer.accountId, organisation_id: viewer.organisationId, role: viewer.role });
  return { account, role: viewer.role, organisation: rows[0]!, locations };
}

/** 403 LOCATION_FORBIDDEN unless every id is a location of the organisation. */
export async function assertOrganisationLocations(q: Queryable, organisationId: string, locationIds: readonly string[]): Promise<void> {
  if (locationIds.length === 0) return;
  const { rows } = await q.query<{ id: string }>('SELECT id FROM locations WHERE organisation_id = $1 AND id = ANY($2::text[])', [organisationId, [...locationIds]]);
  const known = new Set(rows.map((r) => r.id));
  const refused = locationIds.filter((id) => !known.has(id));
  if (refused.length > 0) {
    throw new AppError('LOCATION_FORBIDDEN', 'Some of these locations are not your organisation\'s.', { locationIds: refused });
  }
}

/** Replaces an account's location grants (owners keep none: they see everything). */
export async function setGrants(q: Queryable, accountId: string, role: Role, locationIds: readonly string[]): Promise<void> {
  await q.query('DELETE FROM account_locations WHERE account_id = $1', [accountId]);
  if (role === 'owner' || locationIds.length === 0) return;
  await q.query('INSERT INTO account_locations (account_id, location_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [accountId, [...new Set(locationIds)]]);
}
