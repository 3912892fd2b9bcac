import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { cloudLog, menuPublish } from './helpers/channel.js';
import { publishMessages } from '../cloud/channel/log.js';
import { SERVICE_ROLE, withTenant } from '../cloud/tenant.js';
import { createDevice, revokeDevice } from '../cloud/admin.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

const get = (credential: string | null, query: string) => fetch(`${cloud.url}/sync/messages${query}`,
  { headers: credential ? { authorization: `Bearer ${credential}` } : {} }).then(async (r) => ({ status: r.status, body: await r.json() as any }));
const ack = (credential: string, body: unknown) => fetch(`${cloud.url}/sync/messages/ack`, {
  method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
}).then(async (r) => ({ status: r.status, body: await r.json() as any }));
const place = (l: { locationId: string }) => ({ locationId: l.locationId, organisationId: cloud.orgId });

describe('channel isolation between locations', () => {
  it('a device reads only its own location\'s log; a location id in the query is ignored', async () => {
    await publishMessages(cloud.db, [
      { place: place(cloud.a), message: menuPublish(111) },
      { place: place(cloud.b), message: menuPublish(222) },
      { place: place(cloud.b), message: menuPublish(333) },
    ]);
    const a = await get(cloud.a.credential, `?after=0&location_id=${cloud.b.locationId}&locationId=${cloud.b.locationId}`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ resync: false, head: 1 });
    expect(a.body.messages.map((m: any) => m.payload.menuVersion)).toEqual([111]);
    const b = await get(cloud.b.credential, '?after=0');
    expect(b.body.messages.map((m: any) => [m.seq, m.payload.menuVersion])).toEqual([[1, 222], [2, 333]]);
  });

  it('keeps colliding message ids apart: the same id at two locations is two messages, each seen by its own box', async () => {
    const one = await startTestCloud();
    try {
      const id = '01890000-0000-7000-8000-000000000001';
      await publishMessages(one.db, [
        { place: { locationId: one.a.locationId, organisationId: one.orgId }, message: { ...menuPublish(5), id } },
        { place: { locationId: one.b.locationId, organisationId: one.orgId }, message: { ...menuPublish(6), id } },
      ]);
      const rows = (await one.db.query<{ location_id: string; menu: number }>(`SELECT location_id, (payload->>'menuVersion')::int AS menu FROM channel_messages WHERE id = $1 ORDER BY menu`, [id])).rows;
      expect(rows).toEqual([{ location_id: one.a.locationId, menu: 5 }, { location_id: one.b.locationId, menu: 6 }]);
    } finally {
      await one.close();
    }
  });

  it('an acknowledgement for another location\'s seq changes nothing there', async () => {
    const before = await cloudLog(cloud.db, cloud.b.locationId);
    const res = await ack(cloud.a.credential, { acks: [{ seq: 2, status: 'refused', at: Date.now(), code: 'X', message: 'forged' }] });
    expect(res.status).toBe(200);
    expect(await cloudLog(cloud.db, cloud.b.locationId)).toEqual(before);
    expect(before.every((r) => r.status === 'pending')).toBe(true);
  });

  it('row-level security stops a tenant transaction from reading or writing another location\'s messages', async () => {
    const tenantA = { deviceId: cloud.a.deviceId, locationId: cloud.a.locationId, organisationId: cloud.orgId };
    await withTenant(cloud.db, tenantA, async (q) => {
      expect((await q.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(SERVICE_ROLE);
      const seen = (await q.query<{ location_id: string }>('SELECT DISTINCT location_id FROM channel_messages')).rows.map((r) => r.location_id);
      expect(seen).toEqual([cloud.a.locationId]);
      expect((await q.query(`UPDATE channel_messages SET status = 'applied' WHERE location_id = $1`, [cloud.b.locationId])).rowCount).toBe(0);
      expect((await q.query(`UPDATE channel_heads SET last_seq = 0 WHERE location_id = $1`, [cloud.b.locationId])).rowCount).toBe(0);
    });
    await expect(withTenant(cloud.db, tenantA, (q) => q.query(
      `INSERT INTO channel_messages (location_id, organisation_id, seq, id, kind, schema_version, payload) VALUES ($1, $2, 99, 'sneak', 'x', 1, '{}')`,
      [cloud.b.locationId, cloud.orgId]))).rejects.toThrow(/row-level security/);
    const rls = (await cloud.db.query<{ relname: string; relforcerowsecurity: boolean }>(
      `SELECT relname, relforcerowsecurity FROM pg_class WHERE relname IN ('channel_messages', 'channel_heads') AND relkind = 'r' ORDER BY relname`)).rows;
    expect(rls).toEqual([{ relname: 'channel_heads', relforcerowsecurity: true }, { relname: 'channel_messages', relforcerowsecurity: true }]);
  });

  it('refuses a missing, wrong or revoked credential before reading the query', async () => {
    expect((await get(null, '?after=zzz')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await get(`${cloud.a.deviceId}.wrong`, '?after=0')).status).toBe(401);
    const device = await createDevice(cloud.db, { locationId: cloud.a.locationId, name: 'old box' });
    expect((await get(device.credential, '?after=0')).status).toBe(200);
    await revokeDevice(cloud.db, device.id);
    expect((await get(device.credential, '?after=0')).status).toBe(401);
    expect((await ack(device.credential, { acks: [{ seq: 1, status: 'applied', at: 1 }] })).status).toBe(401);
  });

  it('answers bad polls and acknowledgements with 400 and a stable code, changing nothing', async () => {
    for (const q of ['', '?after=-1', '?after=1.5', '?after=0&wait=600', '?after=0&limit=0']) {
      const res = await get(cloud.a.credential, q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('VALIDATION_FAILED');
    }
    const before = await cloudLog(cloud.db, cloud.a.locationId);
    expect((await ack(cloud.a.credential, '{"acks": [')).body.error.code).toBe('MALFORMED_JSON');
    for (const body of [{}, { acks: [] }, { acks: [{ seq: 1, status: 'done', at: 1 }] }, { acks: [{ seq: 0, status: 'applied', at: 1 }] }, { acks: [], extra: 1 }]) {
      const res = await ack(cloud.a.credential, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await cloudLog(cloud.db, cloud.a.locationId)).toEqual(before);
  });

  it('a cursor ahead of the cloud\'s log (the cloud was restored) gets a resync answer with the head, not an endless wait', async () => {
    const res = await get(cloud.a.credential, '?after=999&wait=20');
    expect(res.status).toBe(200);
    expect(res.body.resync).toBe(true);
    expect(res.body.head).toBeLessThan(999);
    expect(res.body.messages.map((m: any) => m.kind)).toEqual(['menu.publish']);
  });

  it('a poll with nothing new waits, and answers as soon as a message for its location commits', async () => {
    const head = (await get(cloud.a.credential, '?after=0')).body.head as number;
    const waiting = get(cloud.a.credential, `?after=${head}&wait=20`);
    await new Promise((r) => setTimeout(r, 300));
    await publishMessages(cloud.db, [{ place: place(cloud.b), message: menuPublish(1) }]);
    await publishMessages(cloud.db, [{ place: place(cloud.a), message: menuPublish(444) }]);
    const res = await waiting;
    expect(res.body.messages.map((m: any) => m.payload.menuVersion)).toEqual([444]);
  });
});
