/**
 * The off-box copies in the cloud's database (issue 22): one manifest row per copy and one row per
 * sealed chunk, all under the location's row-level security (every function runs inside
 * withTenant). The cloud checks sizes and completeness; it cannot read a byte of the backups.
 */
import { AppError } from '../../src/errors.js';
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';
import { COPIES_KEPT, SEALED_OVERHEAD, chunkLength, manifestSchema, type CopyAnswer, type OffboxManifest } from '../../sync/offbox-protocol.js';

interface CopyRow {
  id: string;
  status: 'uploading' | 'complete';
  manifest: unknown;
  created_at: Date | string;
  completed_at: Date | string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const COPY_COLUMNS = 'id, status, manifest, created_at, completed_at';

const notFound = (id: string) => new AppError('NOT_FOUND', `This location has no off-box copy ${id} (it may have been replaced by newer copies); start the upload again.`, { entity: 'offbox_copy', id });

async function findCopy(q: Queryable, tenant: Tenant, id: string, lock = false): Promise<CopyRow | undefined> {
  const { rows } = await q.query<CopyRow>(`SELECT ${COPY_COLUMNS} FROM offbox_copies WHERE location_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [tenant.locationId, id]);
  return rows[0];
}

async function answer(q: Queryable, tenant: Tenant, row: CopyRow): Promise<CopyAnswer> {
  const manifest = manifestSchema.parse(typeof row.manifest === 'string' ? JSON.parse(row.manifest) : row.manifest);
  const { rows } = await q.query<{ idx: number }>('SELECT idx FROM offbox_chunks WHERE location_id = $1 AND copy_id = $2', [tenant.locationId, row.id]);
  const have = new Set(rows.map((r) => r.idx));
  const missing: number[] = [];
  for (let i = 0; i < manifest.chunkCount; i++) if (!have.has(i)) missing.push(i);
  return { id: row.id, status: row.status, manifest, missing, createdAt: iso(row.created_at), completedAt: row.completed_at === null ? null : iso(row.completed_at) };
}

/** Canonical form for comparing a retried start with the copy already recorded. */
const canonical = (m: OffboxManifest) => JSON.stringify([m.backupName, m.takenAt, m.bytes, m.sha256, m.chunkSize, m.chunkCount, m.wrappedKey.salt, m.wrappedKey.key, m.wrappedKey.nonce, m.wrappedKey.tag]);

/**
 * Starts a copy, or finds it again: the same id with the same manifest is a resume (the answer
 * lists the chunks still missing); with another manifest, 409 OFFBOX_COPY_MISMATCH. A new copy
 * drops the location's other unfinished uploads (a box uploads one copy at a time).
 */
export async function startCopy(q: Queryable, tenant: Tenant, boxId: string | null, id: string, manifest: OffboxManifest): Promise<{ created: boolean; copy: CopyAnswer }> {
  let row = await findCopy(q, tenant, id);
  if (row) {
    const recorded = manifestSchema.parse(typeof row.manifest === 'string' ? JSON.parse(row.manifest) : row.manifest);
    if (canonical(recorded) !== canonical(manifest)) {
      throw new AppError('OFFBOX_COPY_MISMATCH', `Copy ${id} was started with another manifest; start a new copy with a new id.`, { id });
    }
    return { created: false, copy: await answer(q, tenant, row) };
  }
  await q.query("DELETE FROM offbox_copies WHERE location_id = $1 AND status = 'uploading'", [tenant.locationId]);
  await q.query('INSERT INTO offbox_copies (location_id, organisation_id, id, device_id, box_id, manifest) VALUES ($1, $2, $3, $4, $5, $6)',
    [tenant.locationId, tenant.organisationId, id, tenant.deviceId, boxId, JSON.stringify(manifest)]);
  row = (await findCopy(q, tenant, id))!;
  return { created: true, copy: await answer(q, tenant, row) };
}

export async function readCopy(q: Queryable, tenant: Tenant, id: string): Promise<CopyAnswer> {
  const row = await findCopy(q, tenant, id);
  if (!row) throw notFound(id);
  return answer(q, tenant, row);
}

/**
 * Stores one sealed chunk. Its size must be the manifest's for that position (a body cut short on
 * a bad line is refused, never stored). Idempotent: a chunk sent again (its answer was lost) keeps
 * the first one — both are valid sealings of the same bytes.
 */
export async function putChunk(q: Queryable, tenant: Tenant, id: string, index: number, data: Uint8Array): Promise<{ stored: boolean }> {
  const row = await findCopy(q, tenant, id);
  if (!row) throw notFound(id);
  const manifest = manifestSchema.parse(typeof row.manifest === 'string' ? JSON.parse(row.manifest) : row.manifest);
  if (index >= manifest.chunkCount) {
    throw new AppError('VALIDATION_FAILED', `Copy ${id} has ${manifest.chunkCount} chunks (0 to ${manifest.chunkCount - 1}); there is no chunk ${index}.`, [{ path: 'index', message: `must be below ${manifest.chunkCount}` }]);
  }
  const expected = chunkLength(manifest, index) + SEALED_OVERHEAD;
  if (data.length !== expected) {
    throw new AppError('VALIDATION_FAILED', `Chunk ${index} of copy ${id} must be ${expected} bytes sealed; ${data.length} arrived. Send it again.`, [{ path: 'body', message: `must be ${expected} bytes` }]);
  }
  const r = await q.query('INSERT INTO offbox_chunks (location_id, copy_id, idx, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [tenant.locationId, id, index, Buffer.from(data)]);
  return { stored: r.rowCount > 0 };
}

/**
 * Marks a copy complete once every chunk is in (else 409 OFFBOX_INCOMPLETE listing the missing),
 * then keeps only the location's newest COPIES_KEPT complete copies. Idempotent.
 */
export async function completeCopy(q: Queryable, tenant: Tenant, id: string): Promise<CopyAnswer> {
  const row = await findCopy(q, tenant, id, true);
  if (!row) throw notFound(id);
  const current = await answer(q, tenant, row);
  if (current.status === 'complete') return current;
  if (current.missing.length > 0) {
    throw new AppError('OFFBOX_INCOMPLETE', `Copy ${id} lacks ${current.missing.length} of its ${current.manifest.chunkCount} chunks; send them, then complete it.`, { missing: current.missing.slice(0, 100) });
  }
  await q.query("UPDATE offbox_copies SET status = 'complete', completed_at = clock_timestamp() WHERE location_id = $1 AND id = $2", [tenant.locationId, id]);
  await q.query(`DELETE FROM offbox_copies WHERE location_id = $1 AND status = 'complete' AND id NOT IN (
    SELECT id FROM offbox_copies WHERE location_id = $1 AND status = 'complete' ORDER BY completed_at DESC, id DESC LIMIT ${COPIES_KEPT})`, [tenant.locationId]);
  return answer(q, tenant, (await findCopy(q, tenant, id))!);
}

/** The location's newest complete copy; 404 OFFBOX_NONE when it has none. */
export async function latestCopy(q: Queryable, tenant: Tenant): Promise<CopyAnswer> {
  const { rows } = await q.query<CopyRow>(`SELECT ${COPY_COLUMNS} FROM offbox_copies WHERE location_id = $1 AND status = 'complete' ORDER BY completed_at DESC, id DESC LIMIT 1`, [tenant.locationId]);
  if (!rows[0]) throw new AppError('OFFBOX_NONE', 'The cloud holds no complete off-box copy for this location yet: the old box never finished uploading one (it needs a recovery code, `backup recovery-code`, and sync configured).');
  return answer(q, tenant, rows[0]);
}

export async function readChunk(q: Queryable, tenant: Tenant, id: string, index: number): Promise<Buffer> {
  const { rows } = await q.query<{ data: Uint8Array }>('SELECT data FROM offbox_chunks WHERE location_id = $1 AND copy_id = $2 AND idx = $3', [tenant.locationId, id, index]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `Copy ${id} has no chunk ${index} here.`, { entity: 'offbox_chunk', id, index });
  return Buffer.from(rows[0].data);
}
