/**
 * Who is calling, and the transaction they work in (architecture §6 isolation). The tenant comes from
 * the device credential only — never from the payload — and every transaction of the service
 * drops to the brigade_service role with its location set, so row-level security is a second
 * wall under the code.
 */
import crypto from 'node:crypto';
import { AppError } from '../src/errors.js';
import type { CloudDb, Queryable } from './db.js';

export interface Tenant {
  deviceId: string;
  locationId: string;
  organisationId: string;
}

export const SERVICE_ROLE = 'brigade_service';

/** SHA-256 is enough here: the secret is 32 random bytes, not a password a person chose. */
export const hashSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('hex');

/** `<device id>.<secret>` → the device's tenant; 401 for anything unknown, malformed or revoked. */
export async function authenticateDevice(db: CloudDb, credential: string | undefined): Promise<Tenant> {
  const refuse = () => new AppError('UNAUTHENTICATED', 'Send the device credential from `npm run cloud:admin -- device create` as a Bearer token; it may have been revoked.');
  const dot = credential?.indexOf('.') ?? -1;
  if (!credential || dot <= 0) throw refuse();
  const deviceId = credential.slice(0, dot);
  const secret = credential.slice(dot + 1);
  // The devices table is the service's own directory (not tenant data): read as the connecting
  // role, before any tenant is known.
  const { rows } = await db.query<{ location_id: string; organisation_id: string; secret_hash: string; revoked_at: Date | null }>(
    'SELECT location_id, organisation_id, secret_hash, revoked_at FROM devices WHERE id = $1', [deviceId]);
  const device = rows[0];
  if (!device || device.revoked_at) throw refuse();
  const expected = Buffer.from(device.secret_hash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw refuse();
  return { deviceId, locationId: device.location_id, organisationId: device.organisation_id };
}

/** One transaction as the service role, scoped to the tenant's location by RLS. */
export function withTenant<T>(db: CloudDb, tenant: Tenant, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
    await q.query("SELECT set_config('app.location_id', $1, true)", [tenant.locationId]);
    return fn(q);
  });
}

/**
 * Puts the open transaction in an organisation's scope: the service role with
 * `app.organisation_id` set, so the organisation-level tables (the central menu, migration 0009)
 * show and accept only that organisation's rows. Idempotent; a later `appendMessage` adds a
 * location on top without leaving the organisation.
 */
export async function enterOrganisation(q: Queryable, organisationId: string): Promise<void> {
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.organisation_id', $1, true)", [organisationId]);
}

/** One transaction as the service role, scoped to one organisation by RLS. */
export function withOrganisation<T>(db: CloudDb, organisationId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await enterOrganisation(q, organisationId);
    return fn(q);
  });
}
