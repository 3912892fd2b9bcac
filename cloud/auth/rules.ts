/**
 * Who may invite and manage whom — pure rules, no I/O.
 * - Owners invite anyone (owner, manager, viewer) to any location of their organisation, list and
 *   revoke every invitation, and change or remove members.
 * - Managers invite viewers only, to locations they manage themselves; they see and revoke only
 *   the invitations they sent. They do not change or remove members.
 * - Viewers only read.
 */
import { AppError } from '../../src/errors.js';
import { assertLocations, type Role, type Viewer } from './reader.js';

const forbidden = (message: string, permission: string) => new AppError('FORBIDDEN', message, { permission });

export function assertCanInvite(viewer: Viewer, role: Role, locationIds: readonly string[]): void {
  if (viewer.role === 'viewer') throw forbidden('Viewers cannot invite people; ask an owner or a manager.', 'invitations.create');
  if (viewer.role === 'manager') {
    if (role !== 'viewer') throw forbidden('Managers can invite viewers only; ask an owner to invite a manager or an owner.', 'invitations.create_manager');
    assertLocations(viewer, locationIds);
  }
}

export function assertCanListInvitations(viewer: Viewer): void {
  if (viewer.role === 'viewer') throw forbidden('Viewers cannot see invitations.', 'invitations.list');
}

export function assertOwner(viewer: Viewer, what: string): void {
  if (viewer.role !== 'owner') throw forbidden(`Only an owner can ${what}.`, 'members.manage');
}

/** Managers and viewers need at least one location (an owner needs none: they see all). */
export function assertLocationsForRole(role: Role, locationIds: readonly string[]): void {
  if (role !== 'owner' && locationIds.length === 0) {
    throw new AppError('VALIDATION_FAILED', `A ${role} needs at least one location: pass locationIds.`, [{ path: 'locationIds', message: 'At least one location.' }]);
  }
}
