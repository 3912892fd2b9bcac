/**
 * Provisioning (run by the operator, as the database owner): organisations with their owner,
 * locations, and device credentials for boxes. A credential is shown once; only its hash is kept.
 */
import crypto from 'node:crypto';
import { uuidV7Ids } from '../src/lib/clock.js';
import { normaliseEmail } from './auth/directory.js';
import { hashPassword } from './auth/password.js';
import { PASSWORD_MIN } from './auth/schemas.js';
import type { CloudDb } from './db.js';
import { hashSecret } from './tenant.js';

export async function createOrganisation(db: CloudDb, input: { name: string; ownerEmail: string; ownerName: string }) {
  const id = uuidV7Ids.next();
  const ownerId = uuidV7Ids.next();
  await db.transaction(async (q) => {
    await q.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [id, input.name]);
    // No password yet: the owner sets one through a link (`owner link`), or the operator does (`owner password`).
    await q.query("INSERT INTO accounts (id, organisation_id, email, name, role) VALUES ($1, $2, $3, $4, 'owner')", [ownerId, id, normaliseEmail(input.ownerEmail), input.ownerName]);
  });
  return { id, name: input.name, ownerId };
}

/** Sets an account's password (the operator, for an owner who cannot use a link); signs it out everywhere. */
export async function setAccountPassword(db: CloudDb, email: string, password: string): Promise<{ accountId: string }> {
  if (password.length < PASSWORD_MIN) throw new Error(`Use a password of at least ${PASSWORD_MIN} characters.`);
  const hash = await hashPassword(password);
  return db.transaction(async (q) => {
    const { rows } = await q.query<{ id: string }>('UPDATE accounts SET password_hash = $2 WHERE lower(email) = $1 RETURNING id', [normaliseEmail(email), hash]);
    if (!rows[0]) throw new Error(`No account with email ${email}.`);
    await q.query('DELETE FROM account_sessions WHERE account_id = $1', [rows[0].id]);
    return { accountId: rows[0].id };
  });
}

export async function createLocation(db: CloudDb, input: { organisationId: string; name: string }) {
  const id = uuidV7Ids.next();
  await db.query('INSERT INTO locations (id, organisation_id, name) VALUES ($1, $2, $3)', [id, input.organisationId, input.name]);
  return { id, organisationId: input.organisationId, name: input.name };
}

/** A new device for a location; returns the credential `<device id>.<secret>` — the only time it is seen. */
export async function createDevice(db: CloudDb, input: { locationId: string; name: string }) {
  const { rows } = await db.query<{ organisation_id: string }>('SELECT organisation_id FROM locations WHERE id = $1', [input.locationId]);
  if (!rows[0]) throw new Error(`No location with id ${input.locationId}.`);
  const id = uuidV7Ids.next();
  const secret = crypto.randomBytes(32).toString('base64url');
  await db.query('INSERT INTO devices (id, location_id, organisation_id, name, secret_hash) VALUES ($1, $2, $3, $4, $5)',
    [id, input.locationId, rows[0].organisation_id, input.name, hashSecret(secret)]);
  return { id, locationId: input.locationId, credential: `${id}.${secret}` };
}

export async function revokeDevice(db: CloudDb, deviceId: string): Promise<boolean> {
  const r = await db.query('UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [deviceId]);
  return r.rowCount > 0;
}

/**
 * The owner says the device's credential may move to another box (issue 15): the next box
 * identity the cloud sees on it that is not the bound one takes it over, and the old box is then
 * refused. For a box replaced by a new one that was given the old credential.
 */
export async function allowReplacement(db: CloudDb, deviceId: string): Promise<{ deviceId: string; boundBoxId: string | null }> {
  const { rows } = await db.query<{ box_id: string | null }>('UPDATE devices SET replacement_allowed_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING box_id', [deviceId]);
  if (!rows[0]) throw new Error(`No active device with id ${deviceId}.`);
  return { deviceId, boundBoxId: rows[0].box_id };
}

/** Binds the credential to one given box now (e.g. the refused one that `device show` lists). */
export async function replaceDevice(db: CloudDb, deviceId: string, boxId: string): Promise<{ deviceId: string; boxId: string; previousBoxId: string | null }> {
  return db.transaction(async (q) => {
    const { rows } = await q.query<{ box_id: string | null }>('SELECT box_id FROM devices WHERE id = $1 AND revoked_at IS NULL FOR UPDATE', [deviceId]);
    if (!rows[0]) throw new Error(`No active device with id ${deviceId}.`);
    await q.query('UPDATE devices SET box_id = $2, bound_at = now(), replacement_allowed_at = NULL WHERE id = $1', [deviceId, boxId]);
    await q.query('DELETE FROM device_refusals WHERE device_id = $1 AND box_id = $2', [deviceId, boxId]);
    return { deviceId, boxId, previousBoxId: rows[0].box_id };
  });
}

/** A device: the box its credential is bound to, whether a replacement is allowed, and the boxes refused on it. */
export async function showDevice(db: CloudDb, deviceId: string) {
  const { rows } = await db.query<{ id: string; location_id: string; name: string; box_id: string | null; bound_at: Date | null; replacement_allowed_at: Date | null; revoked_at: Date | null }>(
    'SELECT id, location_id, name, box_id, bound_at, replacement_allowed_at, revoked_at FROM devices WHERE id = $1', [deviceId]);
  const d = rows[0];
  if (!d) throw new Error(`No device with id ${deviceId}.`);
  const refused = (await db.query<{ box_id: string; first_at: Date; last_at: Date; attempts: number }>(
    'SELECT box_id, first_at, last_at, attempts FROM device_refusals WHERE device_id = $1 ORDER BY last_at DESC', [deviceId])).rows;
  return {
    id: d.id, locationId: d.location_id, name: d.name, boxId: d.box_id, boundAt: d.bound_at, replacementAllowedAt: d.replacement_allowed_at, revokedAt: d.revoked_at,
    refusedBoxes: refused.map((r) => ({ boxId: r.box_id, firstAt: r.first_at, lastAt: r.last_at, attempts: r.attempts })),
  };
}

/**
 * "Replace a dead box" (issue 22): a fresh credential for the dead box's location, and the dead
 * box's credential revoked, in one transaction — so the old box, should it come back, is refused
 * while the new one restores its backup (`npm run cli -- backup restore-from-cloud`). The cloud
 * also retires it by itself once the new box opens the history it restored (cloud/ingest.ts).
 */
export async function createReplacementDevice(db: CloudDb, input: { deviceId: string; name?: string }) {
  return db.transaction(async (q) => {
    const { rows } = await q.query<{ location_id: string; organisation_id: string; name: string; revoked_at: Date | null; replaced_by_device_id: string | null }>(
      'SELECT location_id, organisation_id, name, revoked_at, replaced_by_device_id FROM devices WHERE id = $1 FOR UPDATE', [input.deviceId]);
    const old = rows[0];
    if (!old) throw new Error(`No device with id ${input.deviceId}: nothing was created or revoked.`);
    if (old.replaced_by_device_id) throw new Error(`Device ${input.deviceId} was already replaced by device ${old.replaced_by_device_id}: nothing was created. Use that device's credential, or device create for another box.`);
    const id = uuidV7Ids.next();
    const secret = crypto.randomBytes(32).toString('base64url');
    const name = input.name ?? `${old.name} (replacement)`;
    await q.query('INSERT INTO devices (id, location_id, organisation_id, name, secret_hash) VALUES ($1, $2, $3, $4, $5)',
      [id, old.location_id, old.organisation_id, name, hashSecret(secret)]);
    await q.query('UPDATE devices SET revoked_at = coalesce(revoked_at, now()), replaced_by_device_id = $2 WHERE id = $1', [input.deviceId, id]);
    return { id, locationId: old.location_id, name, credential: `${id}.${secret}`, replaces: input.deviceId };
  });
}
