import type { Actor } from '../db/command.js';
import type { AuthService, ManagerApproval } from './service.js';

/**
 * Who approves a manager-only action: the signed-in manager or owner themselves, or a manager whose
 * PIN was typed on this device (`approval`). Null when neither: the service then decides whether
 * the action needed a manager at all.
 */
export async function approverFor(auth: AuthService, actor: Actor, approval: ManagerApproval | undefined): Promise<string | null> {
  if (actor.role === 'owner' || actor.role === 'manager') return actor.staffId;
  if (approval) return auth.approveAsManager(actor.deviceId, approval);
  return null;
}
