/**
 * The sync checker: after a fault is healed and the queue is empty, compares what the box
 * produced with what the cloud holds — by id and version, duplicates, and sums (payments per
 * order, stock per ingredient). Zero lost and zero duplicated is the pass mark.
 *
 * "What the box produced" is a mirror of every change-log row, kept by a trigger installed with
 * `installMirror` (the change log itself is emptied as the cloud acknowledges). Changes the cloud
 * put in sync_rejects count as accounted for (they are kept, with an alert), not as lost.
 */
import type Database from 'better-sqlite3';
import { ENTITY_BY_NAME } from '../../cloud/entities.js';
import type { Queryable } from '../../cloud/db.js';

/** Copies every change-log row into sync_check_mirror, in the same transaction as the change. */
export function installMirror(client: Database.Database): void {
  client.exec(`create table if not exists sync_check_mirror (seq integer primary key, entity text, entity_id text, op text, row text, row_version integer);
    create trigger if not exists sync_check_mirror_ins after insert on change_log begin
      insert into sync_check_mirror values (new.seq, new.entity, new.entity_id, new.op, new.row, new.row_version);
    end;`);
}

export interface CheckReport {
  changes: number;
  entities: number;
  lost: string[];
  stale: string[];
  duplicates: number;
  rejected: number;
  paymentSumMismatches: string[];
  stockSumMismatches: string[];
  ok: boolean;
}

interface Expected { entity: string; id: string; version: number; seq: number; row: Record<string, unknown> }

export async function checkSync(box: Database.Database, cloud: Queryable, locationId: string): Promise<CheckReport> {
  const mirror = box.prepare('select seq, entity, entity_id as id, row, row_version as version from sync_check_mirror order by seq').all() as { seq: number; entity: string; id: string; row: string; version: number }[];
  const rejectedSeqs = new Set((await cloud.query<{ entity: string; entity_id: string }>('SELECT entity, entity_id FROM sync_rejects WHERE location_id = $1', [locationId])).rows.map((r) => `${r.entity}/${r.entity_id}`));
  const expected = new Map<string, Expected>();
  for (const m of mirror) {
    const key = `${m.entity}/${m.id}`;
    const mapping = ENTITY_BY_NAME.get(m.entity);
    const prev = expected.get(key);
    if (prev && mapping?.kind === 'fact') continue; // a fact is its first image
    if (!prev || m.version >= prev.version) expected.set(key, { entity: m.entity, id: m.id, version: m.version, seq: m.seq, row: JSON.parse(m.row) });
  }
  const report: CheckReport = { changes: mirror.length, entities: expected.size, lost: [], stale: [], duplicates: 0, rejected: 0, paymentSumMismatches: [], stockSumMismatches: [], ok: false };
  const byTable = new Map<string, Expected[]>();
  for (const e of expected.values()) {
    const mapping = ENTITY_BY_NAME.get(e.entity);
    if (!mapping || rejectedSeqs.has(`${e.entity}/${e.id}`)) { report.rejected++; continue; }
    let list = byTable.get(mapping.table);
    if (!list) byTable.set(mapping.table, list = []);
    list.push(e);
  }
  for (const [table, list] of byTable) {
    const { rows } = await cloud.query<{ id: string; version: number; n: number }>(
      `SELECT id, max(version) AS version, count(*)::int AS n FROM ${table} WHERE location_id = $1 GROUP BY id`, [locationId]);
    const cloudRows = new Map(rows.map((r) => [r.id, r]));
    for (const r of rows) report.duplicates += r.n - 1;
    for (const e of list) {
      const c = cloudRows.get(e.id);
      if (!c) report.lost.push(`${e.entity}/${e.id}`);
      else if (c.version !== e.version) report.stale.push(`${e.entity}/${e.id}: box v${e.version}, cloud v${c.version}`);
    }
  }
  report.paymentSumMismatches = await compareSums(cloud, locationId, expected, 'payment', 'payments', 'orderId', 'order_id', 'amount');
  report.stockSumMismatches = await compareSums(cloud, locationId, expected, 'stock_movement', 'stock_movements', 'ingredientId', 'ingredient_id', 'quantity');
  report.ok = report.lost.length === 0 && report.stale.length === 0 && report.duplicates === 0
    && report.paymentSumMismatches.length === 0 && report.stockSumMismatches.length === 0;
  return report;
}

async function compareSums(cloud: Queryable, locationId: string, expected: Map<string, Expected>, entity: string, table: string, keyField: string, keyColumn: string, amount: string): Promise<string[]> {
  const want = new Map<string, number>();
  for (const e of expected.values()) {
    if (e.entity !== entity) continue;
    const key = String(e.row[keyField]);
    const value = e.row[amount];
    if (typeof value === 'number') want.set(key, (want.get(key) ?? 0) + value);
  }
  const { rows } = await cloud.query<{ k: string; total: number }>(`SELECT ${keyColumn} AS k, sum(${amount})::bigint AS total FROM ${table} WHERE location_id = $1 GROUP BY ${keyColumn}`, [locationId]);
  const have = new Map(rows.map((r) => [String(r.k), Number(r.total)]));
  const out: string[] = [];
  for (const [k, total] of want) if (have.get(k) !== total) out.push(`${entity} ${k}: box ${total}, cloud ${have.get(k) ?? 0}`);
  return out;
}
