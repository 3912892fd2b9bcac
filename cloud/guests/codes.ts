/**
 * Table codes in the cloud (issue 19): the box pushes each table's current token digest
 * (`table_qr`); ingest copies the current ones into `guest_table_codes`, the directory the public
 * routes read to find which location a presented token belongs to (a token names a table, not a
 * location). The cloud compares digests: it recognises a genuine current code without the key and
 * cannot make one. A rotated code's digest is replaced at the push that carries the rotation.
 */
import { AppError } from '../../src/errors.js';
import { tokenClaimsUnverified } from '../../src/guests/token.js';
import { tableTokenDigest } from '../../sync/guest-messages.js';
import type { CloudDb, Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';

/** Ingest hook, in the batch's transaction: the directory follows the table_qr rows as stored (a stale change never wins). */
export async function syncTableCodes(q: Queryable, tenant: Tenant, tableIds: readonly string[]): Promise<void> {
  await q.query(`INSERT INTO guest_table_codes (location_id, organisation_id, table_id, qr_version, digest)
      SELECT location_id, organisation_id, id, qr_version, digest FROM table_qr_codes WHERE location_id = $1 AND id = ANY($2::text[]) AND NOT deleted
    ON CONFLICT (location_id, table_id) DO UPDATE SET qr_version = excluded.qr_version, digest = excluded.digest, updated_at = now()`,
  [tenant.locationId, [...tableIds]]);
}

export interface GuestPlace { locationId: string; organisationId: string; tableId: string }

const invalid = () => new AppError('TABLE_TOKEN_INVALID', 'This table code is not valid any more: scan the QR code on your table again.');

/**
 * The location and table a token opens, if its digest is the table's current one and it names
 * `tableId`; else 401 TABLE_TOKEN_INVALID. One indexed read, as the connecting role (the directory
 * is not tenant data). A code valid at two locations (a box restored as another location keeps its
 * key) opens the one that pushed it last.
 */
export async function authenticateTableToken(db: CloudDb, token: string | undefined, tableId: string | undefined): Promise<GuestPlace> {
  if (!token || token.length > 200) throw invalid();
  const claims = tokenClaimsUnverified(token);
  if (!claims || claims.tableId !== tableId) throw invalid();
  const { rows } = await db.query<{ location_id: string; organisation_id: string }>(
    'SELECT location_id, organisation_id FROM guest_table_codes WHERE digest = $1 AND table_id = $2 AND qr_version = $3 ORDER BY updated_at DESC LIMIT 1',
    [tableTokenDigest(token), claims.tableId, claims.version]);
  if (!rows[0]) throw invalid();
  return { locationId: rows[0].location_id, organisationId: rows[0].organisation_id, tableId: claims.tableId };
}
