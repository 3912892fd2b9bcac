/**
 * Which box may use a device credential (issue 15). Every box sends its identity (minted at its
 * first start, kept by a restored backup) with every request. The credential binds to the first
 * identity the cloud sees; a request from another box is refused with 409
 * DEVICE_CREDENTIAL_IN_USE — recorded in device_refusals, logged, and raised once per refused box
 * as a location alert — until the operator allows a replacement (`device allow-replacement`: the
 * next new identity takes the credential over, and the old box is then refused) or binds a given
 * box (`device replace --box`). A box too old to send an identity is served while the credential
 * is unbound, and refused once it is bound (it cannot prove which box it is).
 */
import type { Logger } from 'pino';
import { AppError } from '../src/errors.js';
import type { CloudDb } from './db.js';
import { authenticateDevice, withTenant, type Tenant } from './tenant.js';
import { noteContact } from './webhooks/stall.js';
import { BOX_ID_PATTERN } from '../sync/protocol.js';

interface Binding {
  box_id: string | null;
  replacement_allowed_at: Date | null;
}

/**
 * The device's tenant, once its credential is valid and `boxId` is the box it is bound to (binding it
 * on first use). Notes the contact for the stall check of the webhooks (not awaited: it never slows
 * or fails the box's request).
 */
export async function authenticateBox(db: CloudDb, credential: string | undefined, boxId: string | undefined, logger: Logger): Promise<Tenant> {
  const tenant = await checkBox(db, credential, boxId, logger);
  void noteContact(db, tenant);
  return tenant;
}

async function checkBox(db: CloudDb, credential: string | undefined, boxId: string | undefined, logger: Logger): Promise<Tenant> {
  const tenant = await authenticateDevice(db, credential);
  if (boxId !== undefined && !BOX_ID_PATTERN.test(boxId)) {
    throw new AppError('VALIDATION_FAILED', 'The box identity header must be 8 to 100 letters, digits or dashes.', { header: 'x-brigade-box-id' });
  }
  const { rows } = await db.query<Binding>('SELECT box_id, replacement_allowed_at FROM devices WHERE id = $1', [tenant.deviceId]);
  const bound = rows[0]?.box_id ?? null;
  if (bound === boxId || (bound === null && boxId === undefined)) return tenant;
  if (bound === null && boxId !== undefined) {
    // Two first pushes racing: the first UPDATE binds, the second finds it bound and compares again.
    const taken = await db.query('UPDATE devices SET box_id = $2, bound_at = now() WHERE id = $1 AND box_id IS NULL', [tenant.deviceId, boxId]);
    if (taken.rowCount > 0) {
      logger.info({ deviceId: tenant.deviceId, boxId }, 'device credential bound to its first box');
      return tenant;
    }
    return checkBox(db, credential, boxId, logger);
  }
  if (boxId !== undefined && rows[0]?.replacement_allowed_at) {
    const moved = await db.query('UPDATE devices SET box_id = $2, bound_at = now(), replacement_allowed_at = NULL WHERE id = $1 AND box_id = $3 AND replacement_allowed_at IS NOT NULL',
      [tenant.deviceId, boxId, bound]);
    if (moved.rowCount > 0) {
      await raiseAlert(db, tenant, 'sync.device_replaced', `The device credential moved to a replacement box (${boxId}); the previous box (${bound}) is refused from now on.`, { deviceId: tenant.deviceId, boxId, previousBoxId: bound });
      logger.warn({ alert: 'sync.device_replaced', deviceId: tenant.deviceId, boxId, previousBoxId: bound }, 'device credential moved to a replacement box');
      return tenant;
    }
    return checkBox(db, credential, boxId, logger);
  }
  await refuse(db, tenant, boxId ?? '(none)', logger);
  throw new AppError('DEVICE_CREDENTIAL_IN_USE', boxId === undefined
    ? 'This device credential is bound to a box that sends its identity; this request sent none (update this box\'s software).'
    : `This device credential is already in use by another box; this box (${boxId}) was refused and sent nothing. If it replaces the other box, the owner's operator runs: npm run cloud:admin -- device allow-replacement --device ${tenant.deviceId}. Otherwise give this box its own credential (device create).`,
  { deviceId: tenant.deviceId, boxId: boxId ?? null });
}

async function refuse(db: CloudDb, tenant: Tenant, boxId: string, logger: Logger): Promise<void> {
  const { rows } = await db.query<{ attempts: number }>(`INSERT INTO device_refusals (device_id, box_id) VALUES ($1, $2)
    ON CONFLICT (device_id, box_id) DO UPDATE SET attempts = device_refusals.attempts + 1, last_at = now() RETURNING attempts`, [tenant.deviceId, boxId]);
  logger.warn({ alert: 'sync.credential_in_use', deviceId: tenant.deviceId, locationId: tenant.locationId, boxId, attempts: rows[0]?.attempts }, 'device credential used by a second box: refused');
  // One alert per refused box, not one per retry (a refused box retries about once a minute).
  if (rows[0]?.attempts === 1) {
    await raiseAlert(db, tenant, 'sync.credential_in_use', `A second box (${boxId}) tried to sync with this location's device credential and was refused.`, { deviceId: tenant.deviceId, boxId });
  }
}

async function raiseAlert(db: CloudDb, tenant: Tenant, kind: string, message: string, details: unknown): Promise<void> {
  await withTenant(db, tenant, (q) => q.query('INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, $2, $3, $4)', [tenant.locationId, kind, message, JSON.stringify(details)]));
}
