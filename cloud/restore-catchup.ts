/**
 * Sends a restored box what its history lacks (issue 22). When a batch opens an epoch that
 * branched off an earlier point (device_watermarks forked_from_epoch/seq), ingest calls
 * `enqueueRestoreCatchup` in the same transaction: the rows the cloud holds outside the new
 * epoch's ancestry (the same rule as the restore-losses list, cloud/restore-losses.ts) — orders
 * and everything that hangs off them — go to the box as `restore.catchup` channel messages,
 * exactly as the box once pushed them (ids, numbers and versions unchanged).
 *
 * At least one message is always sent, empty when nothing was lost, so the box can tell "caught up"
 * from "waiting". The message seqs are kept in restore_catchups; once the box applied them all,
 * the restore-losses list leaves out what they carried.
 */
import {
  CATCHUP_ENTITIES, RESTORE_CATCHUP_KIND, RESTORE_CATCHUP_VERSION,
  type CatchupEntity, type CatchupGroup, type CatchupRow, type RestoreCatchupV1,
} from '../sync/restore-catchup.js';
import type { Fork } from '../sync/protocol.js';
import { appendMessage } from './channel/log.js';
import type { Queryable } from './db.js';
import { boxLineage, lostCondition, type BoxLineage } from './box-lineage.js';
import type { Tenant } from './tenant.js';

/** About how many rows go in one message; an order's rows are never split across two. */
export const CATCHUP_ROWS_PER_MESSAGE = 2000;

/** Each carried entity's cloud table, and how to find the order a row belongs to. */
const SOURCES: Record<CatchupEntity, { table: string; orderId: string; join?: string }> = {
  order: { table: 'orders', orderId: 't.id' },
  order_line: { table: 'order_lines', orderId: 't.order_id' },
  order_line_option: { table: 'order_line_options', orderId: 'l.order_id', join: 'LEFT JOIN order_lines l ON l.location_id = t.location_id AND l.id = t.line_id' },
  line_void: { table: 'line_voids', orderId: 't.order_id' },
  payment: { table: 'payments', orderId: 't.order_id' },
  refund: { table: 'refunds', orderId: 't.order_id' },
  kitchen_ticket: { table: 'kitchen_tickets', orderId: 't.order_id' },
  kitchen_ticket_line: { table: 'kitchen_ticket_lines', orderId: 'k.order_id', join: 'LEFT JOIN kitchen_tickets k ON k.location_id = t.location_id AND k.id = t.ticket_id' },
  stock_movement: { table: 'stock_movements', orderId: 't.order_id' },
  z_report: { table: 'z_reports', orderId: 'NULL::text' },
};

/**
 * What the box's epoch lacks, grouped per order (parents first), oldest order first: the rows of
 * its history's family outside its ancestry — across devices, so a replacement box gets what the
 * dead box synced after the backup it restored (cloud/box-lineage.ts).
 */
export async function lostGroups(q: Queryable, tenant: Tenant, epoch: number, lineage?: BoxLineage | null): Promise<CatchupGroup[]> {
  const h = lineage ?? await boxLineage(q, tenant.locationId, { deviceId: tenant.deviceId, epoch });
  if (!h) return [];
  const groups = new Map<string | null, CatchupRow[]>();
  for (const entity of CATCHUP_ENTITIES) {
    const source = SOURCES[entity];
    const lost = lostCondition(h, 't', 2);
    const { rows } = await q.query<{ order_id: string | null; version: number; row: Record<string, unknown> }>(
      `SELECT ${source.orderId} AS order_id, t.version, t.row FROM ${source.table} t ${source.join ?? ''}
       WHERE t.location_id = $1 AND NOT t.deleted AND ${lost.sql} ORDER BY t.seq, t.id`, [tenant.locationId, ...lost.params]);
    for (const r of rows) {
      let list = groups.get(r.order_id);
      if (!list) groups.set(r.order_id, list = []);
      list.push({ entity, version: r.version, row: r.row });
    }
  }
  return [...groups].map(([orderId, rows]) => ({ orderId, rows }));
}

/** Cuts groups into messages of about `perMessage` rows, never splitting a group. Always at least one part. */
export function splitIntoParts(groups: readonly CatchupGroup[], perMessage = CATCHUP_ROWS_PER_MESSAGE): CatchupGroup[][] {
  const parts: CatchupGroup[][] = [[]];
  let size = 0;
  for (const g of groups) {
    if (size > 0 && size + g.rows.length > perMessage) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1]!.push(g);
    size += g.rows.length;
  }
  return parts;
}

/**
 * Inside ingest's transaction, right after a batch opened `epoch` with branch point `fork`:
 * appends the catch-up messages and records them. Returns how many messages (call
 * notifyCommitted after COMMIT).
 */
export async function enqueueRestoreCatchup(q: Queryable, tenant: Tenant, epoch: number, fork: Fork | null, lineage?: BoxLineage | null): Promise<number> {
  const groups = await lostGroups(q, tenant, epoch, lineage);
  const parts = splitIntoParts(groups);
  const place = { locationId: tenant.locationId, organisationId: tenant.organisationId };
  const seqs: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const payload: RestoreCatchupV1 = { epoch, forkedFrom: fork, part: i + 1, parts: parts.length, groups: parts[i]! };
    seqs.push((await appendMessage(q, place, { kind: RESTORE_CATCHUP_KIND, schemaVersion: RESTORE_CATCHUP_VERSION, payload })).seq);
  }
  await q.query(`INSERT INTO restore_catchups (location_id, organisation_id, device_id, epoch, first_seq, last_seq, orders, rows)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
  [tenant.locationId, tenant.organisationId, tenant.deviceId, epoch, seqs[0], seqs[seqs.length - 1],
    groups.filter((g) => g.orderId !== null).length, groups.reduce((n, g) => n + g.rows.length, 0)]);
  return parts.length;
}
