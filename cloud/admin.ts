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
