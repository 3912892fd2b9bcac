import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { ENTITIES } from '../cloud/entities.js';
import { createDevice, createLocation, createOrganisation, setAccountPassword } from '../cloud/admin.js';
import { createCloudApp } from '../cloud/app.js';
import { findAccountByEmail, viewerOf } from '../cloud/auth/directory.js';
import { requireViewer, type AuthEnv } from '../cloud/auth/middleware.js';
import { withReader, type Viewer } from '../cloud/auth/reader.js';
import { SERVICE_ROLE } from '../cloud/tenant.js';
import { postBatch, startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';

/**
 * Reader isolation: a manager sees only the locations granted, an owner only their organisation's;
 * the code refuses other locations, and row-level security hides them even from a query with no
 * WHERE clause. The app here is the real cloud app plus one reading route, mounted the way a
 * report route is (requireViewer + withReader).
 */
let cloud: TestCloud;
let server: ServerType;
let url: string;
let owner: string;
let manager: { token: string; accountId: string };
let otherOrg: { id: string; locationId: string; ownerToken: string; managerId: string };
const TABLES = [...ENTITIES.map((e) => e.table), 'device_watermarks', 'sync_rejects', 'alerts'];

const pay = (seq: number, id: string, amount: number) =>
  ({ seq, txId: `t${seq}`, entity: 'payment', entityId: id, op: 'insert', version: 1, row: { id, orderId: 'o', amount } });
const viewerFor = async (email: string): Promise<Viewer> => viewerOf(cloud.db, (await findAccountByEmail(cloud.db, email))!);

beforeAll(async () => {
  cloud = await startTestCloud();
  const app = createCloudApp(cloud.db, pino({ level: 'silent' })) as unknown as import('hono').Hono<AuthEnv>;
  app.get('/probe/payments', requireViewer, async (c) => {
    const ids = (c.req.query('locations') ?? '').split(',').filter(Boolean);
    const rows = await withReader(cloud.db, c.var.viewer, ids, async (q) =>
      (await q.query<{ location_id: string; id: string; amount: number }>('SELECT location_id, id, amount FROM payments ORDER BY id')).rows);
    return c.json({ rows });
  });
  server = await new Promise<ServerType>((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cloud.url = url;

  // Rows in A and B (organisation 1) and in C (organisation 2), through the real ingest.
  const c1 = await postBatch(url, cloud.a.credential, { schemaVersion: 2, epoch: 1, changes: [pay(1, 'pa-1', 100), pay(2, 'pa-2', 200)] });
  const c2 = await postBatch(url, cloud.b.credential, { schemaVersion: 2, epoch: 1, changes: [pay(1, 'pb-1', 7000)] });
  const org2 = await createOrganisation(cloud.db, { name: 'Other group', ownerEmail: 'other-owner@example.com', ownerName: 'Otto' });
  const c = await createLocation(cloud.db, { organisationId: org2.id, name: 'C' });
  const cDevice = await createDevice(cloud.db, { locationId: c.id, name: 'C box' });
  const c3 = await postBatch(url, cDevice.credential, { schemaVersion: 2, epoch: 1, changes: [pay(1, 'pc-1', 999)] });
  expect([c1.status, c2.status, c3.status]).toEqual([200, 200, 200]);

  owner = await signInOwner(cloud);
  manager = await inviteMember(url, owner, { email: 'manager-a@example.com', role: 'manager', locationIds: [cloud.a.locationId] });
  await setAccountPassword(cloud.db, 'other-owner@example.com', 'other owner password');
  const ownerToken = (await api(url, 'POST', '/api/auth/login', { body: { email: 'other-owner@example.com', password: 'other owner password' } })).body.token;
  const otherManager = await inviteMember(url, ownerToken, { email: 'manager-c@example.com', role: 'manager', locationIds: [c.id] });
  otherOrg = { id: org2.id, locationId: c.id, ownerToken, managerId: otherManager.accountId };
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cloud.close();
});

describe('a manager of location A', () => {
  it('is refused a reading transaction for B, and nothing runs in it', async () => {
    const viewer = await viewerFor('manager-a@example.com');
    expect(viewer).toEqual({ accountId: manager.accountId, organisationId: cloud.orgId, role: 'manager', locationIds: [cloud.a.locationId] });
    let ran = false;
    const err = await withReader(cloud.db, viewer, [cloud.a.locationId, cloud.b.locationId], async () => { ran = true; }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOCATION_FORBIDDEN', status: 403, details: { locationIds: [cloud.b.locationId] } });
    expect(ran).toBe(false);
    const http = await api(url, 'GET', `/probe/payments?locations=${cloud.b.locationId}`, { token: manager.token });
    expect(http.status).toBe(403);
    expect(http.body.error.code).toBe('LOCATION_FORBIDDEN');
  });

  it('sees only A\'s rows in every tenant table with a raw SELECT that has no WHERE clause', async () => {
    const viewer = await viewerFor('manager-a@example.com');
    await withReader(cloud.db, viewer, [cloud.a.locationId], async (q) => {
      expect((await q.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(SERVICE_ROLE);
      const payments = (await q.query<{ id: string }>('SELECT id FROM payments ORDER BY id')).rows.map((r) => r.id);
      expect(payments).toEqual(['pa-1', 'pa-2']);
      for (const table of TABLES) {
        const seen = (await q.query<{ location_id: string }>(`SELECT DISTINCT location_id FROM ${table}`)).rows.map((r) => r.location_id);
        expect(seen.filter((id) => id !== cloud.a.locationId), table).toEqual([]);
      }
      expect((await q.query('SELECT 1 FROM device_watermarks')).rowCount).toBe(1);
    });
    const http = await api(url, 'GET', `/probe/payments?locations=${cloud.a.locationId}`, { token: manager.token });
    expect(http.body.rows.map((r: { id: string }) => r.id)).toEqual(['pa-1', 'pa-2']);
  });

  it('cannot write in a reading transaction, nor read the account directory', async () => {
    const viewer = await viewerFor('manager-a@example.com');
    await expect(withReader(cloud.db, viewer, [cloud.a.locationId], (q) =>
      q.query(`UPDATE payments SET amount = 0 WHERE id = 'pa-1'`))).rejects.toThrow(/read-only/);
    await expect(withReader(cloud.db, viewer, [cloud.a.locationId], (q) => q.query('SELECT * FROM accounts'))).rejects.toThrow(/permission denied/);
    await expect(withReader(cloud.db, viewer, [cloud.a.locationId], (q) => q.query('SELECT * FROM account_sessions'))).rejects.toThrow(/permission denied/);
    expect((await cloud.db.query<{ amount: number }>(`SELECT amount FROM payments WHERE id = 'pa-1'`)).rows[0]!.amount).toBe(100);
  });
});

describe('row-level security under the reader', () => {
  it('shows nothing to the service role when no reader locations are set, and only the set ones otherwise', async () => {
    const seen = (locations: string | null) => cloud.db.transaction(async (q) => {
      await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
      if (locations !== null) await q.query("SELECT set_config('app.reader_locations', $1, true)", [locations]);
      return (await q.query<{ id: string }>('SELECT id FROM payments ORDER BY id')).rows.map((r) => r.id);
    });
    expect(await seen(null)).toEqual([]);
    expect(await seen('')).toEqual([]);
    expect(await seen(cloud.b.locationId)).toEqual(['pb-1']);
    expect(await seen(`${cloud.a.locationId},${otherOrg.locationId}`)).toEqual(['pa-1', 'pa-2', 'pc-1']);
  });

  it('every tenant table has a SELECT-only reader policy on app.reader_locations', async () => {
    const policies = (await cloud.db.query<{ tablename: string; cmd: string; qual: string }>(
      `SELECT tablename, cmd, qual FROM pg_policies WHERE policyname = 'reader' AND tablename = ANY($1::text[])`, [TABLES])).rows;
    expect(policies.map((p) => p.tablename).sort()).toEqual([...TABLES].sort());
    for (const p of policies) {
      expect(p.cmd, p.tablename).toBe('SELECT');
      expect(p.qual, p.tablename).toContain('app.reader_locations');
    }
  });
});

describe('isolation between organisations', () => {
  it('an owner sees all their organisation\'s locations and none of another\'s, whatever ids the request forges', async () => {
    const me = await api(url, 'GET', '/api/me', { token: owner });
    expect(me.body.locations.map((l: { id: string }) => l.id).sort()).toEqual([cloud.a.locationId, cloud.b.locationId].sort());
    const all = await api(url, 'GET', `/probe/payments?locations=${cloud.a.locationId},${cloud.b.locationId}`, { token: owner });
    expect(all.body.rows.map((r: { id: string }) => r.id)).toEqual(['pa-1', 'pa-2', 'pb-1']);
    const forged = await api(url, 'GET', `/probe/payments?locations=${cloud.a.locationId},${otherOrg.locationId}`, { token: owner });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatchObject({ code: 'LOCATION_FORBIDDEN', details: { locationIds: [otherOrg.locationId] } });
    const other = await api(url, 'GET', `/probe/payments?locations=${otherOrg.locationId}`, { token: otherOrg.ownerToken });
    expect(other.body.rows.map((r: { id: string }) => r.id)).toEqual(['pc-1']);
  });

  it('an owner can neither grant another organisation\'s location nor touch its members or invitations', async () => {
    const invite = await api(url, 'POST', '/api/invitations', { token: owner, body: { email: 'spy@example.com', role: 'viewer', locationIds: [otherOrg.locationId] } });
    expect(invite.status).toBe(403);
    expect(invite.body.error.code).toBe('LOCATION_FORBIDDEN');
    const grant = await api(url, 'PATCH', `/api/members/${manager.accountId}`, { token: owner, body: { locationIds: [cloud.a.locationId, otherOrg.locationId] } });
    expect(grant.body.error.code).toBe('LOCATION_FORBIDDEN');
    expect((await api(url, 'GET', '/api/me', { token: manager.token })).body.locations.map((l: { id: string }) => l.id)).toEqual([cloud.a.locationId]);
    const patch = await api(url, 'PATCH', `/api/members/${otherOrg.managerId}`, { token: owner, body: { locationIds: [cloud.a.locationId] } });
    expect(patch.status).toBe(404);
    expect((await api(url, 'DELETE', `/api/members/${otherOrg.managerId}`, { token: owner })).status).toBe(404);
    const members = await api(url, 'GET', '/api/members', { token: owner });
    expect(members.body.members.map((m: { email: string }) => m.email)).not.toContain('manager-c@example.com');
    const theirs = await api(url, 'POST', '/api/invitations', { token: otherOrg.ownerToken, body: { email: 'c-viewer@example.com', role: 'viewer', locationIds: [otherOrg.locationId] } });
    expect((await api(url, 'DELETE', `/api/invitations/${theirs.body.id}`, { token: owner })).status).toBe(404);
    expect((await api(url, 'GET', '/api/invitations', { token: owner })).body.invitations.map((i: { email: string }) => i.email)).not.toContain('c-viewer@example.com');
  });

  it('answers 401 UNAUTHENTICATED to a reading route without a session, or with a device credential', async () => {
    const none = await api(url, 'GET', `/probe/payments?locations=${cloud.a.locationId}`);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    expect((await api(url, 'GET', `/probe/payments?locations=${cloud.a.locationId}`, { token: cloud.a.credential })).status).toBe(401);
  });
});
