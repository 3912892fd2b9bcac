/**
 * Members of an organisation (owners only): list, change role and locations, remove. A change
 * takes effect on the member's next request — the viewer is read from the directory every time.
 * The organisation always keeps at least one owner.
 */
import { AppError } from '../../src/errors.js';
import type { Queryable } from '../db.js';
import type { AuthDeps } from './deps.js';
import { assertOrganisationLocations, setGrants, visibleLocations, type AccountRow } from './directory.js';
import type { Role, Viewer } from './reader.js';
import { assertLocationsForRole, assertOwner } from './rules.js';
import type { MemberPatch } from './schemas.js';

export interface MemberView {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Granted locations (an owner: every location of the organisation). */
  locations: { id: string; name: string }[];
  /** False for an owner made by the CLI who has not set a password yet. */
  hasPassword: boolean;
}

async function memberView(q: Queryable, row: AccountRow): Promise<MemberView> {
  return { id: row.id, email: row.email, name: row.name, role: row.role, locations: await visibleLocations(q, row), hasPassword: row.password_hash !== null };
}

async function lockMember(q: Queryable, viewer: Viewer, id: string): Promise<AccountRow> {
  const { rows } = await q.query<AccountRow>('SELECT id, organisation_id, email, name, role, password_hash FROM accounts WHERE id = $1 AND organisation_id = $2 FOR UPDATE',
    [id, viewer.organisationId]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `No member with id ${id} in your organisation.`, { entity: 'member', id });
  return rows[0];
}

/** Refuses a change that would leave the organisation without an owner. */
async function assertAnotherOwner(q: Queryable, organisationId: string, accountId: string): Promise<void> {
  // Lock every owner row so two owners demoting each other at once cannot both succeed.
  const { rows } = await q.query<{ id: string }>("SELECT id FROM accounts WHERE organisation_id = $1 AND role = 'owner' FOR UPDATE", [organisationId]);
  if (!rows.some((r) => r.id !== accountId)) throw new AppError('LAST_OWNER', 'This is the organisation\'s only owner; make someone else owner first.');
}

export async function listMembers(deps: AuthDeps, viewer: Viewer): Promise<MemberView[]> {
  assertOwner(viewer, 'see the members');
  const { rows } = await deps.db.query<AccountRow>('SELECT id, organisation_id, email, name, role, password_hash FROM accounts WHERE organisation_id = $1 ORDER BY name, email', [viewer.organisationId]);
  return Promise.all(rows.map((r) => memberView(deps.db, r)));
}

export async function updateMember(deps: AuthDeps, viewer: Viewer, id: string, patch: MemberPatch): Promise<MemberView> {
  assertOwner(viewer, 'change members');
  return deps.db.transaction(async (q) => {
    const member = await lockMember(q, viewer, id);
    const role = patch.role ?? member.role;
    const current = (await visibleLocations(q, member)).map((l) => l.id);
    const locationIds = role === 'owner' ? [] : [...new Set(patch.locationIds ?? (member.role === 'owner' ? [] : current))];
    assertLocationsForRole(role, locationIds);
    await assertOrganisationLocations(q, viewer.organisationId, locationIds);
    if (member.role === 'owner' && role !== 'owner') await assertAnotherOwner(q, viewer.organisationId, member.id);
    await q.query('UPDATE accounts SET role = $2 WHERE id = $1', [member.id, role]);
    await setGrants(q, member.id, role, locationIds);
    deps.logger.info({ accountId: member.id, role, locations: locationIds.length, by: viewer.accountId }, 'member changed');
    return memberView(q, { ...member, role });
  });
}

/** Removes a member: their account, grants, sessions and password links go at once (ON DELETE CASCADE), and their pending invitations are revoked. */
export async function removeMember(deps: AuthDeps, viewer: Viewer, id: string): Promise<void> {
  assertOwner(viewer, 'remove members');
  await deps.db.transaction(async (q) => {
    const member = await lockMember(q, viewer, id);
    if (member.role === 'owner') await assertAnotherOwner(q, viewer.organisationId, member.id);
    // What they invited others to see must not outlive their own access.
    await q.query('UPDATE invitations SET revoked_at = $2 WHERE invited_by = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [member.id, deps.clock.now()]);
    await q.query('DELETE FROM accounts WHERE id = $1', [member.id]);
    deps.logger.info({ accountId: member.id, by: viewer.accountId }, 'member removed');
  });
}
