/**
 * Ingest of one batch from a box (architecture §6), in one Postgres transaction: lock the device's
 * watermark row; refuse a batch that starts past watermark + 1 (409 SYNC_GAP, with the
 * watermark); skip changes at or below it (a replay); write the rest set-based; put changes the
 * cloud cannot store in sync_rejects with an alert (the queue never jams); advance the watermark.
 *
 * A replay is skipped only when it is one (issue 15): a batch that reaches the watermark's seq
 * must hold, at that seq, the very transaction the cloud applied there. Otherwise the box is on
 * another history under the same epoch (a restored backup reusing an epoch) and skipping would
 * drop changes the cloud does not hold: 409 SYNC_DIVERGED, nothing applied, an alert, and the box
 * moves to a new epoch. Equal transaction ids at one seq mean equal histories up to it (seqs are
 * AUTOINCREMENT in one file, tx ids are UUIDv7). A batch that ends below the watermark is answered
 * with the watermark, and the box acknowledges nothing unless it holds that transaction at that
 * seq itself (src/sync/push.ts reconcile).
 */
import type { Logger } from 'pino';
import { AppError } from '../src/errors.js';
import { ENTITY_BY_NAME, checkField, type EntityMapping } from './entities.js';
import {
  SUPPORTED_SCHEMA_VERSIONS, batchHead, batchV1, batchV2, upgradeBatch,
  type Batch, type Change, type Fork, type IngestResponse, type Watermark,
} from '../sync/protocol.js';
import { applyEntity, type ApplyRow } from './apply.js';
import { checkBatchV2 } from './batch-check.js';
import type { CloudDb, Queryable } from './db.js';
import { withTenant, type Tenant } from './tenant.js';
import { markReportDays } from './reports/dirty.js';

/** Validates the envelope and brings a previous-version batch up to the current one. */
export function parseBatch(body: unknown): { batch: Batch; badRows: Map<number, string> } {
  const head = batchHead.safeParse(body);
  if (!head.success) throw new AppError('VALIDATION_FAILED', 'A batch needs a numeric schemaVersion.', head.error.issues);
  const version = head.data.schemaVersion;
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    throw new AppError('SYNC_SCHEMA_UNSUPPORTED', `Schema version ${version} is not accepted here; this cloud accepts ${SUPPORTED_SCHEMA_VERSIONS.join(' and ')}. Update the box or the cloud.`,
      { schemaVersion: version, supported: SUPPORTED_SCHEMA_VERSIONS });
  }
  const fast = version === 2 ? checkBatchV2(body) : null;
  const parsed = fast ? { success: true as const, data: fast } : version === 1 ? batchV1.safeParse(body) : batchV2.safeParse(body);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The batch does not match the sync protocol.', parsed.error.issues.slice(0, 20));
  const changes = parsed.data.changes;
  for (let i = 1; i < changes.length; i++) {
    if (changes[i]!.seq <= changes[i - 1]!.seq) throw new AppError('VALIDATION_FAILED', `Changes must be in increasing seq order (at index ${i}).`);
  }
  return parsed.data.schemaVersion === 1 ? upgradeBatch(parsed.data) : { batch: parsed.data, badRows: new Map() };
}

/** True when a string anywhere in `value` holds U+0000, which PostgreSQL text and jsonb cannot store. */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  for (const [key, v] of Object.entries(value)) if (key.includes('\u0000') || holdsNul(v)) return true;
  return false;
}

/** Why the cloud cannot store this change, or null. */
function rejectReason(change: Change, mapping: EntityMapping | undefined): string | null {
  if (!mapping) return `unknown entity "${change.entity}"`;
  // One NUL character (a stray byte in a typed note) would fail the whole batch, every retry: the queue would jam.
  if (holdsNul(change.row) || change.entityId.includes('\u0000')) return 'a text holds the NUL character (U+0000), which the cloud database cannot store';
  for (const column of mapping.columns) {
    const problem = checkField(column, change.row[column.field]);
    if (problem) return problem;
  }
  return null;
}

/** Who sends a batch and where its epoch's history branched off (recorded with the epoch's first batch). */
export interface BatchOrigin {
  boxId?: string;
}

async function lockWatermark(q: Queryable, tenant: Tenant, epoch: number, firstSeq: number, boxId: string | null, fork: Fork | null): Promise<Watermark> {
  const select = 'SELECT seq, tx_id FROM device_watermarks WHERE device_id = $1 AND epoch = $2 FOR UPDATE';
  let { rows } = await q.query<{ seq: number; tx_id: string | null }>(select, [tenant.deviceId, epoch]);
  if (!rows[0]) {
    // A new epoch starts where its first batch starts: after a restore the box's log resumes at
    // whatever seq its backup had. Two racing senders: the second insert does nothing.
    await q.query(`INSERT INTO device_watermarks (location_id, device_id, epoch, seq, box_id, forked_from_epoch, forked_from_seq)
      VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [tenant.locationId, tenant.deviceId, epoch, Math.max(0, firstSeq - 1), boxId, fork?.epoch ?? null, fork?.seq ?? null]);
    ({ rows } = await q.query(select, [tenant.deviceId, epoch]));
  }
  return { epoch, seq: rows[0]!.seq, txId: rows[0]!.tx_id };
}

/** The change at the watermark's seq is not the transaction the cloud applied there (see the file comment). */
function divergesAt(changes: readonly Change[], w: Watermark): boolean {
  if (w.txId === null || changes[0]!.seq > w.seq || changes[changes.length - 1]!.seq < w.seq) return false;
  const at = changes.find((c) => c.seq === w.seq);
  return at?.txId !== w.txId;
}

export async function ingestBatch(db: CloudDb, tenant: Tenant, body: unknown, logger: Logger, origin: BatchOrigin = {}): Promise<IngestResponse> {
  const { batch, badRows } = parseBatch(body);
  const { epoch, changes } = batch;
  const outcome = await withTenant(db, tenant, async (q) => {
    if (changes.length === 0) return { watermark: await readWatermark(q, tenant, epoch), applied: 0, skipped: 0, rejected: 0 };
    const watermark = await lockWatermark(q, tenant, epoch, changes[0]!.seq, origin.boxId ?? null, batch.forkedFrom ?? null);
    if (changes[0]!.seq > watermark.seq + 1) {
      throw new AppError('SYNC_GAP', `This batch starts at seq ${changes[0]!.seq} but the cloud has everything only up to ${watermark.seq}: send from ${watermark.seq + 1}.`, { watermark });
    }
    if (divergesAt(changes, watermark)) return { diverged: watermark, highestEpoch: await highestEpoch(q, tenant) };
    return applyFresh(q, tenant, batch, badRows, watermark, logger);
  });
  if (!('diverged' in outcome)) return outcome;
  const { diverged: watermark, highestEpoch: highest } = outcome;
  const message = `Epoch ${epoch} of this device holds another transaction at seq ${watermark.seq} than this batch: the box is on another history under a reused epoch (restored from a backup?). Nothing was applied; resend under a new epoch above ${highest}.`;
  await withTenant(db, tenant, (q) => q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'sync.diverged', $2, $3)`,
    [tenant.locationId, message, JSON.stringify({ deviceId: tenant.deviceId, boxId: origin.boxId ?? null, epoch, watermark, firstSeq: changes[0]!.seq, lastSeq: changes[changes.length - 1]!.seq })]));
  logger.error({ alert: 'sync.diverged', locationId: tenant.locationId, deviceId: tenant.deviceId, epoch, watermark }, 'sync batch refused: another history under the same epoch');
  throw new AppError('SYNC_DIVERGED', message, { watermark, highestEpoch: highest });
}

async function applyFresh(q: Queryable, tenant: Tenant, batch: Batch, badRows: Map<number, string>, watermark: Watermark, logger: Logger): Promise<IngestResponse> {
  const { epoch, changes } = batch;
  const fresh = changes.filter((c) => c.seq > watermark.seq);
  if (fresh.length === 0) return { watermark, applied: 0, skipped: changes.length, rejected: 0 };

  const byEntity = new Map<EntityMapping, ApplyRow[]>();
  const rejects: { seq: number; entity: string; entity_id: string; reason: string; change: Change }[] = [];
  for (const change of fresh) {
    const mapping = ENTITY_BY_NAME.get(change.entity);
    const reason = badRows.get(change.seq) ?? rejectReason(change, mapping);
    if (reason || !mapping) {
      rejects.push({ seq: change.seq, entity: change.entity, entity_id: change.entityId, reason: reason ?? 'unknown entity', change });
      continue;
    }
    let list = byEntity.get(mapping);
    if (!list) byEntity.set(mapping, list = []);
    list.push({ id: change.entityId, v: change.version, s: change.seq, d: change.op === 'delete', r: change.row });
  }
  let applied = 0;
  for (const [mapping, rows] of byEntity) applied += await applyEntity(q, tenant, epoch, mapping, rows);
  if (rejects.length > 0) await storeRejects(q, tenant, epoch, rejects, logger);
  await markReportDays(q, tenant, fresh); // owners' reports: which days' rollups this batch changes

  const last = fresh[fresh.length - 1]!;
  await q.query('UPDATE device_watermarks SET seq = $3, tx_id = $4, updated_at = now() WHERE device_id = $1 AND epoch = $2',
    [tenant.deviceId, epoch, last.seq, last.txId]);
  return { watermark: { epoch, seq: last.seq, txId: last.txId }, applied, skipped: changes.length - fresh.length, rejected: rejects.length };
}

/**
 * JSON text with every NUL escape (`\u0000`, not preceded by an escaping backslash) written as the
 * six visible characters instead, so a rejected change is still kept whole and readable in jsonb.
 */
function withoutNul(json: string): string {
  return json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\\\u0000');
}

async function storeRejects(q: Queryable, tenant: Tenant, epoch: number, rejects: { seq: number; entity: string; entity_id: string; reason: string; change: Change }[], logger: Logger) {
  await q.query(`INSERT INTO sync_rejects (location_id, device_id, epoch, seq, entity, entity_id, reason, change)
    SELECT $1, $2, $3, x.seq, x.entity, x.entity_id, x.reason, x.change
    FROM jsonb_to_recordset($4::jsonb) AS x(seq bigint, entity text, entity_id text, reason text, change jsonb)
    ON CONFLICT (device_id, epoch, seq) DO NOTHING`, [tenant.locationId, tenant.deviceId, epoch, withoutNul(JSON.stringify(rejects))]);
  await q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'sync.rejected', $2, $3)`,
    [tenant.locationId, `${rejects.length} synced change(s) could not be stored; see sync_rejects.`, JSON.stringify({ deviceId: tenant.deviceId, epoch, seqs: rejects.map((r) => r.seq).slice(0, 100) })]);
  logger.warn({ alert: 'sync.rejected', locationId: tenant.locationId, deviceId: tenant.deviceId, count: rejects.length, first: rejects[0]?.reason }, 'sync changes rejected');
}

/** The highest epoch the cloud has seen for this device (0 for none): a new one must go above it. */
export async function highestEpoch(q: Queryable, tenant: Tenant): Promise<number> {
  const { rows } = await q.query<{ e: number | null }>('SELECT max(epoch) AS e FROM device_watermarks WHERE device_id = $1', [tenant.deviceId]);
  return rows[0]?.e ?? 0;
}

export async function readWatermark(q: Queryable, tenant: Tenant, epoch: number): Promise<Watermark> {
  const { rows } = await q.query<{ seq: number; tx_id: string | null }>('SELECT seq, tx_id FROM device_watermarks WHERE device_id = $1 AND epoch = $2', [tenant.deviceId, epoch]);
  return { epoch, seq: rows[0]?.seq ?? 0, txId: rows[0]?.tx_id ?? null };
}
