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
import { enqueueRestoreCatchup } from './restore-catchup.js';
import { boxLineage, otherFamilyDevices, type BoxLineage } from './box-lineage.js';
import { resolveCustomers, type CustomerImage } from './customers/resolve.js';
import { queueBoxStatuses } from './delivery/outbox.js';
import { syncTableCodes } from './guests/codes.js';
import { notifyCommitted } from './channel/log.js';
import { prepareWebhookEvents } from './webhooks/record.js';
import { wakeWebhookWorker } from './webhooks/wake.js';
import { balancesAfterMerge, foldLoyalty, type EntryImage } from './loyalty/fold.js';

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

/**
 * Refuses a device whose history another box took over (a replacement restored its backup under a
 * new credential: device_watermarks.replaced_by_device_id, set by `retireReplaced`). Locks every
 * epoch row of the device first, in epoch order — the same rows, in the same order, that a
 * replacement's opening locks before it marks them — so a batch of the old box either commits
 * before the replacement reads what to send it back, or waits and is refused: never in between.
 */
async function assertNotReplaced(q: Queryable, tenant: Tenant): Promise<void> {
  const { rows } = await q.query<{ replaced_by_device_id: string | null }>(
    'SELECT replaced_by_device_id FROM device_watermarks WHERE device_id = $1 ORDER BY epoch FOR UPDATE', [tenant.deviceId]);
  const by = rows.find((r) => r.replaced_by_device_id !== null)?.replaced_by_device_id;
  if (by) {
    throw new AppError('DEVICE_REPLACED', `Another box (device ${by}) restored this box's backup and continues its history: this box may not sync any more, and sent nothing. If it is to run again, restore it from the cloud with a fresh credential (npm run cli -- backup restore-from-cloud).`,
      { deviceId: tenant.deviceId, replacedBy: by });
  }
}

/**
 * The device whose epoch `fork.epoch` a new epoch continues: the one that box (`fork.boxId`) synced
 * it under — another device's when a replacement box restored a dead box's backup — else this
 * device's own, else the location's device with that epoch synced last (a box too old to say).
 */
async function forkDevice(q: Queryable, tenant: Tenant, fork: Fork): Promise<string | null> {
  const find = async (where: string, params: unknown[]) => (await q.query<{ device_id: string }>(
    `SELECT device_id FROM device_watermarks WHERE location_id = $1 AND epoch = $2 ${where} ORDER BY (device_id = $3) DESC, updated_at DESC LIMIT 1`,
    [tenant.locationId, fork.epoch, tenant.deviceId, ...params])).rows[0]?.device_id ?? null;
  return (fork.boxId ? await find('AND box_id = $4', [fork.boxId]) : null) ?? await find('', []);
}

/** The device's watermark for `epoch`, locked; `opened` when this call created it (the epoch's first batch). */
async function lockWatermark(q: Queryable, tenant: Tenant, epoch: number, firstSeq: number, boxId: string | null, fork: Fork | null): Promise<Watermark & { opened: boolean }> {
  await assertNotReplaced(q, tenant);
  const select = 'SELECT seq, tx_id FROM device_watermarks WHERE device_id = $1 AND epoch = $2 FOR UPDATE';
  let { rows } = await q.query<{ seq: number; tx_id: string | null }>(select, [tenant.deviceId, epoch]);
  let opened = false;
  if (!rows[0]) {
    // A new epoch starts where its first batch starts: after a restore the box's log resumes at
    // whatever seq its backup had. Two racing senders: the second insert does nothing.
    const from = fork ? await forkDevice(q, tenant, fork) : null;
    const inserted = await q.query(`INSERT INTO device_watermarks (location_id, device_id, epoch, seq, box_id, forked_from_epoch, forked_from_seq, forked_from_box_id, forked_from_device_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [tenant.locationId, tenant.deviceId, epoch, Math.max(0, firstSeq - 1), boxId, fork?.epoch ?? null, fork?.seq ?? null, fork?.boxId ?? null, from]);
    opened = inserted.rowCount === 1;
    ({ rows } = await q.query(select, [tenant.deviceId, epoch]));
  }
  return { epoch, seq: rows[0]!.seq, txId: rows[0]!.tx_id, opened };
}

/**
 * Marks the other devices of the box's family as replaced by this one (see assertNotReplaced):
 * two boxes must not continue one history. Locks their epoch rows first (waiting for a batch of
 * theirs in flight to commit), and reads the family again until no new epoch of theirs turned up
 * meanwhile. Returns the final lineage and the devices newly replaced.
 */
async function retireReplaced(q: Queryable, tenant: Tenant, epoch: number): Promise<{ lineage: BoxLineage | null; replaced: string[] }> {
  const replaced = new Set<string>();
  for (;;) {
    const lineage = await boxLineage(q, tenant.locationId, { deviceId: tenant.deviceId, epoch });
    const others = lineage ? otherFamilyDevices(lineage) : [];
    if (others.length === 0) return { lineage, replaced: [...replaced] };
    await q.query('SELECT 1 FROM device_watermarks WHERE location_id = $1 AND device_id = ANY($2::text[]) ORDER BY device_id, epoch FOR UPDATE', [tenant.locationId, others]);
    const { rows } = await q.query<{ device_id: string }>(`UPDATE device_watermarks SET replaced_by_device_id = $2, replaced_at = now()
      WHERE location_id = $1 AND device_id = ANY($3::text[]) AND replaced_by_device_id IS NULL RETURNING device_id`, [tenant.locationId, tenant.deviceId, others]);
    if (rows.length === 0) return { lineage, replaced: [...replaced] };
    for (const r of rows) replaced.add(r.device_id);
  }
}

/**
 * An epoch that branched off an earlier point was just opened: the box was restored (or lost
 * part of its log), here or — a replacement — from another box's backup. Retire the boxes whose
 * history it continues, then send it what it lacks, in this transaction (cloud/restore-catchup.ts).
 */
async function afterOpening(q: Queryable, tenant: Tenant, epoch: number, fork: Fork | undefined, logger: Logger): Promise<{ replaced: string[] } | null> {
  if (!fork) return null;
  const { lineage, replaced } = await retireReplaced(q, tenant, epoch);
  if (replaced.length > 0) {
    const message = `A replacement box (device ${tenant.deviceId}) restored the backup of device(s) ${replaced.join(', ')} and continues their history; their credentials are revoked and anything they send is refused.`;
    await q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'sync.device_replaced', $2, $3)`,
      [tenant.locationId, message, JSON.stringify({ deviceId: tenant.deviceId, epoch, replaced })]);
    logger.warn({ alert: 'sync.device_replaced', locationId: tenant.locationId, deviceId: tenant.deviceId, replaced }, 'replacement box: the devices it replaces are retired');
  }
  const parts = await enqueueRestoreCatchup(q, tenant, epoch, fork, lineage);
  logger.info({ locationId: tenant.locationId, deviceId: tenant.deviceId, epoch, forkedFrom: fork, parts }, 'restore catch-up sent to the box');
  return { replaced };
}

/** After the opening committed: the replaced devices' credentials are revoked (the directory is the connecting role's). */
async function revokeReplaced(db: CloudDb, tenant: Tenant, replaced: readonly string[]): Promise<void> {
  if (replaced.length === 0) return;
  await db.query('UPDATE devices SET revoked_at = coalesce(revoked_at, now()), replaced_by_device_id = $2 WHERE id = ANY($1::text[]) AND location_id = $3',
    [replaced, tenant.deviceId, tenant.locationId]);
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
  let opening = null as { replaced: string[] } | null; // set inside the transaction below
  // Customers are folded into the organisation's record, which may message every location (issue 18).
  // Loyalty entries are folded into the organisation's ledger and balances sent to every location (issue 18).
  const folds = changes.some((c) => c.entity === 'customer' || c.entity === 'loyalty_entry') ? { organisationLocations: await organisationLocations(db, tenant) } : null;
  const woken: string[] = [];
  const recorded = { webhookEvents: 0 };
  const outcome = await withTenant(db, tenant, async (q) => {
    if (changes.length === 0) {
      // An empty batch with `nextSeq` opens a new epoch of a box whose log is empty (restored from
      // a backup taken when everything was synced): its next change will be at nextSeq.
      if (batch.forkedFrom && batch.nextSeq !== undefined) {
        const w = await lockWatermark(q, tenant, epoch, batch.nextSeq, origin.boxId ?? null, batch.forkedFrom);
        if (w.opened) opening = await afterOpening(q, tenant, epoch, batch.forkedFrom, logger);
        return { watermark: { epoch, seq: w.seq, txId: w.txId }, applied: 0, skipped: 0, rejected: 0 };
      }
      await assertNotReplaced(q, tenant);
      return { watermark: await readWatermark(q, tenant, epoch), applied: 0, skipped: 0, rejected: 0 };
    }
    const { opened, ...watermark } = await lockWatermark(q, tenant, epoch, changes[0]!.seq, origin.boxId ?? null, batch.forkedFrom ?? null);
    if (changes[0]!.seq > watermark.seq + 1) {
      throw new AppError('SYNC_GAP', `This batch starts at seq ${changes[0]!.seq} but the cloud has everything only up to ${watermark.seq}: send from ${watermark.seq + 1}.`, { watermark });
    }
    if (divergesAt(changes, watermark)) return { diverged: watermark, highestEpoch: await highestEpoch(q, tenant) };
    const applied = await applyFresh(q, tenant, batch, badRows, watermark, logger, recorded, folds ? {
      customers: async (images) => {
        woken.push(...await resolveCustomers(q, { tenant, organisationLocations: folds.organisationLocations }, images));
        woken.push(...await balancesAfterMerge(q, { tenant, organisationLocations: folds.organisationLocations, now: Date.now() }, images.map((i) => i.id)));
      },
      loyalty: async (images) => { woken.push(...await foldLoyalty(q, { tenant, organisationLocations: folds.organisationLocations, now: Date.now() }, images)); },
    } : null);
    // After the batch: what the box re-sent under its new epoch is on the box, and is not sent back.
    if (opened) opening = await afterOpening(q, tenant, epoch, batch.forkedFrom, logger);
    return applied;
  });
  if (opening) await revokeReplaced(db, tenant, opening.replaced);
  if (opening && !woken.includes(tenant.locationId)) woken.push(tenant.locationId);
  if (woken.length > 0) notifyCommitted(db, woken);
  if (recorded.webhookEvents > 0) wakeWebhookWorker(db, tenant.organisationId);
  if (!('diverged' in outcome)) return outcome;
  const { diverged: watermark, highestEpoch: highest } = outcome;
  const message = `Epoch ${epoch} of this device holds another transaction at seq ${watermark.seq} than this batch: the box is on another history under a reused epoch (restored from a backup?). Nothing was applied; resend under a new epoch above ${highest}.`;
  await withTenant(db, tenant, (q) => q.query(`INSERT INTO alerts (location_id, kind, message, details) VALUES ($1, 'sync.diverged', $2, $3)`,
    [tenant.locationId, message, JSON.stringify({ deviceId: tenant.deviceId, boxId: origin.boxId ?? null, epoch, watermark, firstSeq: changes[0]!.seq, lastSeq: changes[changes.length - 1]!.seq })]));
  logger.error({ alert: 'sync.diverged', locationId: tenant.locationId, deviceId: tenant.deviceId, epoch, watermark }, 'sync batch refused: another history under the same epoch');
  throw new AppError('SYNC_DIVERGED', message, { watermark, highestEpoch: highest });
}

/** The organisation's locations, read as the connecting role (the service role reads no directory). */
async function organisationLocations(db: CloudDb, tenant: Tenant): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM locations WHERE organisation_id = $1 ORDER BY id', [tenant.organisationId]);
  return rows.map((r) => r.id);
}

async function applyFresh(q: Queryable, tenant: Tenant, batch: Batch, badRows: Map<number, string>, watermark: Watermark, logger: Logger,
  recorded: { webhookEvents: number },
  folds: { customers: (images: CustomerImage[]) => Promise<void>; loyalty: (images: EntryImage[]) => Promise<void> } | null): Promise<IngestResponse> {
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
  // Webhooks (issue 21): what the cloud held before the batch, so the events it causes are recorded in this transaction.
  const webhookEvents = await prepareWebhookEvents(q, tenant, byEntity);
  let applied = 0;
  for (const [mapping, rows] of byEntity) applied += await applyEntity(q, tenant, epoch, mapping, rows);
  if (webhookEvents) recorded.webhookEvents += await webhookEvents.record();
  const rowsOf = (entity: string) => [...byEntity].find(([m]) => m.entity === entity)?.[1];
  const customerRows = rowsOf('customer');
  if (folds && customerRows) await folds.customers(customerRows.map((r) => r.r as unknown as CustomerImage));
  const loyaltyRows = rowsOf('loyalty_entry');
  if (folds && loyaltyRows) await folds.loyalty(loyaltyRows.map((r) => r.r as unknown as EntryImage));
  // A delivery status is queued for its platform in the batch's transaction: never lost, never sent twice (issue 21).
  const statusRows = rowsOf('delivery_status');
  if (statusRows) await queueBoxStatuses(q, tenant, statusRows.map((r) => r.r));
  // Table code digests: the public guest routes' directory follows them in the same transaction (issue 19).
  const codeRows = rowsOf('table_qr');
  if (codeRows) await syncTableCodes(q, tenant, codeRows.map((r) => r.id));
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
