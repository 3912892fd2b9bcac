/**
 * Every synced entity lands in a cloud table holding the columns ingest writes (cloud/apply.ts). A
 * table added without one — as loyalty, delivery statuses and the door were before migration 0020
 * gave them device_id — makes every batch carrying that entity fail, and the box's push stall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../cloud/entities.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: false }); }, 120_000);
afterAll(async () => { await cloud?.close(); });

describe('the cloud tables of the synced entities', () => {
  it('each has the columns ingest writes, its own typed columns, and the (location_id, id) key ingest conflicts on', async () => {
    const { rows } = await cloud.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`);
    const columns = new Map<string, Set<string>>();
    for (const r of rows) (columns.get(r.table_name) ?? columns.set(r.table_name, new Set()).get(r.table_name)!).add(r.column_name);
    const missing: string[] = [];
    for (const e of ENTITIES) {
      const have = columns.get(e.table) ?? new Set<string>();
      const wanted = ['location_id', 'organisation_id', 'device_id', 'id', 'version', 'epoch', 'seq', 'deleted', 'row', 'synced_at', ...e.columns.map((c) => c.column)];
      for (const c of wanted) if (!have.has(c)) missing.push(`${e.table}.${c}`);
    }
    expect(missing).toEqual([]);
    const keys = await cloud.db.query<{ table_name: string }>(
      `SELECT tc.table_name FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
       WHERE tc.table_schema = current_schema() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
       GROUP BY tc.table_name, tc.constraint_name HAVING array_agg(k.column_name::text ORDER BY k.column_name::text) = ARRAY['id', 'location_id']`);
    const keyed = new Set(keys.rows.map((r) => r.table_name));
    expect(ENTITIES.map((e) => e.table).filter((t) => !keyed.has(t))).toEqual([]);
  });
});
