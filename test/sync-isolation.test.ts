import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, postBatch, type TestCloud } from './helpers/cloud.js';
import { ENTITIES } from '../cloud/entities.js';
import { SERVICE_ROLE, withTenant } from '../cloud/tenant.js';
import { revokeDevice } from '../cloud/admin.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

const pay = (seq: number, id: string, amount: number, row: Record<string, unknown> = {}) =>
  ({ seq, txId: `t${seq}`, entity: 'payment', entityId: id, op: 'insert', version: 1, row: { id, orderId: 'o', amount, ...row } });
const read = (credential: string, entity: string, id: string) =>
  fetch(`${cloud.url}/sync/rows/${entity}/${id}`, { headers: { authorization: `Bearer ${credential}` } }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('isolation between locations', () => {
  it('takes the location from the credential: forged location ids in the row are only data', async () => {
    const res = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch: 1, changes: [
      pay(1, 'forged-1', 100, { locationId: cloud.b.locationId, location_id: cloud.b.locationId, organisationId: 'other' }),
    ] });
    expect(res.status).toBe(200);
    const rows = (await cloud.db.query<{ location_id: string; organisation_id: string }>(`SELECT location_id, organisation_id FROM payments WHERE id = 'forged-1'`)).rows;
    expect(rows).toEqual([{ location_id: cloud.a.locationId, organisation_id: cloud.orgId }]);
  });

  it('keeps colliding ids apart: A writing B\'s id neither changes nor reveals B\'s row', async () => {
    expect((await postBatch(cloud.url, cloud.b.credential, { schemaVersion: 2, epoch: 1, changes: [pay(1, 'shared-id', 900)] })).status).toBe(200);
    expect((await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch: 1, changes: [pay(2, 'shared-id', 1)] })).status).toBe(200);
    const rows = (await cloud.db.query<{ location_id: string; amount: number }>(`SELECT location_id, amount FROM payments WHERE id = 'shared-id' ORDER BY amount`)).rows;
    expect(rows).toEqual([{ location_id: cloud.a.locationId, amount: 1 }, { location_id: cloud.b.locationId, amount: 900 }]);
    expect((await read(cloud.a.credential, 'payment', 'shared-id')).body.row.amount).toBe(1);
    expect((await read(cloud.b.credential, 'payment', 'shared-id')).body.row.amount).toBe(900);
    expect((await postBatch(cloud.url, cloud.b.credential, { schemaVersion: 2, epoch: 1, changes: [pay(2, 'only-b', 5)] })).status).toBe(200);
    const cross = await read(cloud.a.credential, 'payment', 'only-b');
    expect(cross.status).toBe(404);
  });

  it('row-level security stops a tenant transaction that tries to read or write another location', async () => {
    const tenantA = { deviceId: cloud.a.deviceId, locationId: cloud.a.locationId, organisationId: cloud.orgId };
    await withTenant(cloud.db, tenantA, async (q) => {
      const who = (await q.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
      expect(who).toBe(SERVICE_ROLE);
      const seen = (await q.query<{ location_id: string }>('SELECT DISTINCT location_id FROM payments')).rows.map((r) => r.location_id);
      expect(seen).toEqual([cloud.a.locationId]);
      expect((await q.query(`UPDATE payments SET amount = 0 WHERE location_id = $1`, [cloud.b.locationId])).rowCount).toBe(0);
    });
    await expect(withTenant(cloud.db, tenantA, (q) => q.query(
      `INSERT INTO payments (location_id, organisation_id, id, version, epoch, seq, row) VALUES ($1, $2, 'sneak', 1, 1, 1, '{}')`,
      [cloud.b.locationId, cloud.orgId]))).rejects.toThrow(/row-level security/);
    await expect(withTenant(cloud.db, tenantA, (q) => q.query(
      `UPDATE payments SET location_id = $1 WHERE id = 'forged-1'`, [cloud.b.locationId]))).rejects.toThrow(/row-level security/);
    expect((await cloud.db.query(`SELECT 1 FROM payments WHERE id = 'sneak'`)).rowCount).toBe(0);
  });

  it('refuses a revoked device, even replaying a batch it once sent', async () => {
    const place = await import('../cloud/admin.js');
    const device = await place.createDevice(cloud.db, { locationId: cloud.a.locationId, name: 'old box' });
    const batch = { schemaVersion: 2, epoch: 1, changes: [pay(1, 'rev-1', 10)] };
    expect((await postBatch(cloud.url, device.credential, batch)).status).toBe(200);
    expect(await revokeDevice(cloud.db, device.id)).toBe(true);
    const again = await postBatch(cloud.url, device.credential, { schemaVersion: 2, epoch: 1, changes: [pay(1, 'rev-1', 10), pay(2, 'rev-2', 10)] });
    expect(again.status).toBe(401);
    expect((await read(device.credential, 'payment', 'rev-1')).status).toBe(401);
    expect((await cloud.db.query(`SELECT 1 FROM payments WHERE id = 'rev-2'`)).rowCount).toBe(0);
  });

  it('the service role owns no table, has no BYPASSRLS, and every tenant table forces RLS with USING and WITH CHECK', async () => {
    const role = (await cloud.db.query<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [SERVICE_ROLE])).rows;
    expect(role).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = (await cloud.db.query(`SELECT tablename FROM pg_tables WHERE tableowner = $1`, [SERVICE_ROLE])).rows;
    expect(owned).toEqual([]);
    const tables = [...ENTITIES.map((e) => e.table), 'device_watermarks', 'sync_rejects', 'alerts'];
    const rls = (await cloud.db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'`, [tables])).rows;
    expect(rls).toHaveLength(tables.length);
    for (const t of rls) expect(t, t.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    const policies = (await cloud.db.query<{ tablename: string; qual: string | null; with_check: string | null }>(
      `SELECT tablename, qual, with_check FROM pg_policies WHERE tablename = ANY($1::text[]) AND policyname = 'tenant'`, [tables])).rows;
    expect(policies).toHaveLength(tables.length);
    for (const p of policies) {
      expect(p.qual, p.tablename).toContain('app.location_id');
      expect(p.with_check, p.tablename).toContain('app.location_id');
    }
    // Besides the ingest wall, only the owners' read-only `reader` policy (issue 7) may exist.
    const others = (await cloud.db.query<{ tablename: string; policyname: string; cmd: string; qual: string | null; with_check: string | null }>(
      `SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies WHERE tablename = ANY($1::text[]) AND policyname <> 'tenant'`, [tables])).rows;
    for (const p of others) {
      expect(p, p.tablename).toMatchObject({ policyname: 'reader', cmd: 'SELECT', with_check: null });
      expect(p.qual, p.tablename).toContain('app.reader_locations');
    }
  });

  it('has a typed column in the cloud for every typed field the entity map names', async () => {
    for (const e of ENTITIES) {
      const cols = (await cloud.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [e.table])).rows.map((r) => r.column_name);
      for (const c of e.columns) expect(cols, `${e.table}.${c.column}`).toContain(c.column);
    }
  });
});
