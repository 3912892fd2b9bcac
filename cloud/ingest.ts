/**
 * Ingest of one batch from a box (architecture §6), in one Postgres transaction: lock the device's
 * watermark row; refuse a batch that starts past watermark + 1 (409 SYNC_GAP, with the
 * watermark); skip changes at or below it (a replay); write the rest set-based; put changes the
 * cloud cannot store in sync_rejects with an alert (the queue never jams); advance the watermark.
 */
import type { Logger } from 'pino';
import { AppError } from '../src/errors.js';
import { ENTITY_BY_NAME, checkField, type EntityMapping } from './entities.js';
import {
  SUPPORTED_SCHEMA_VERSIONS, batchHead, batchV1, batchV2, upgradeBatch,
  type Batch, type Change, type IngestResponse, type Watermark,
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

async function lockWatermark(q: Queryable, tenant: Tenant, epoch: number, firstSeq: number): Promise<Watermark> {
  const select = 'SELECT seq, tx_id FROM device_watermarks WHERE device_id = $1 AND epoch = $2 FOR UPDATE';
  let { rows } = await q.query<{ seq: number; tx_id: string | null }>(select, [tenant.deviceId, epoch]);
  if (!rows[0]) {
    // A new epoch starts where its first batch starts: after a restore the box's log resumes at
    // whatever seq its backup had. Two racing senders: the second insert does nothing.
    await q.query('INSERT INTO device_watermarks (location_id, device_id, epoch, seq) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenant.locationId, tenant.deviceId, epoch, Math.max(0, firstSeq - 1)]);
    ({ rows } = await q.query(select, [tenant.deviceId, epoch]));
  }
  return { epoch, seq: rows[0]!.seq, txId: rows[0]!.tx_id };
}

export async function ingestBatch(db: CloudDb, tenant: Tenant, body: unknown, logger: Logger): Promise<IngestResponse> {
  const { batch, badRows } = parseBatch(body);
  const { epoch, changes } = batch;
  return withTenant(db, tenant, async (q) => {
    if (changes.length === 0) return { watermark: await readWatermark(q, tenant, epoch), applied: 0, skipped: 0, rejected: 0 };
    const watermark = await lockWatermark(q, tenant, epoch, changes[0]!.seq);
    if (changes[0]!.seq > watermark.seq + 1) {
      throw new AppError('SYNC_GAP', `This batch starts at seq ${changes[0]!.seq} but the cloud has everything only up to ${watermark.seq}: send from ${watermark.seq + 1}.`, { watermark });
    }
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
  });
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

export async function readWatermark(q: Queryable, tenant: Tenant, epoch: number): Promise<Watermark> {
  const { rows } = await q.query<{ seq: number; tx_id: string | null }>('SELECT seq, tx_id FROM device_watermarks WHERE device_id = $1 AND epoch = $2', [tenant.deviceId, epoch]);
  return { epoch, seq: rows[0]?.seq ?? 0, txId: rows[0]?.tx_id ?? null };
}
