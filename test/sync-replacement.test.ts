/**
 * Issue 22, the cloud's side of "replace a dead box": a replacement box on a fresh device credential
 * opens an epoch that continues the dead box's history. The cloud finds that history by the dead
 * box's identity — not by the epoch number alone: every box starts at epoch 1, and a location may
 * have had an earlier, unrelated box — sends back only the dead box's rows after the branch point,
 * and retires the dead device (refused from then on, also in the window before its revocation).
 * Real HTTP to the cloud service on PostgreSQL (TEST_DATABASE_URL) or PGlite.
 */
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice } from '../cloud/admin.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api as cloudApi, signInOwner } from './helpers/cloud-accounts.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

/** A batch from a box: its credential and identity, orders of one business day at consecutive seqs. */
async function push(credential: string, boxId: string, body: { epoch: number; forkedFrom?: unknown; nextSeq?: number; orders?: Array<{ id: string; seq: number; number: number }> }) {
  const changes = (body.orders ?? []).map((o) => ({
    seq: o.seq, txId: uuid(), entity: 'order', entityId: o.id, op: 'upsert', version: 1,
    row: { id: o.id, number: o.number, businessDay: '2026-12-04', status: 'open', total: 1000, paid: 0, tips: 0, refunded: 0, createdAt: 1, updatedAt: 1, version: 1 },
  }));
  const res = await fetch(`${cloud.url}/sync/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', 'x-brigade-box-id': boxId },
    body: JSON.stringify({ schemaVersion: 2, epoch: body.epoch, ...(body.forkedFrom ? { forkedFrom: body.forkedFrom } : {}), ...(body.nextSeq ? { nextSeq: body.nextSeq } : {}), changes }),
  });
  return { status: res.status, body: await res.json() as any };
}
const orders = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ({ id: `${prefix}-${from + i}`, seq: from + i, number: from + i }));
const ids = (list: Array<{ id: string }>) => list.map((o) => o.id);

describe('a replacement box continues the dead box\'s history, across devices', () => {
  it('gets back only the dead box\'s orders after its backup (not an earlier box\'s with the same epoch and seqs), and the dead box is refused from then on', async () => {
    // An earlier box of the location (Z), set up afresh long ago: epoch 1, seqs 1..6.
    const place = await cloud.place('replaced bistro');
    const z = { credential: place.credential, box: 'box-zzzz-0001' };
    expect((await push(z.credential, z.box, { epoch: 1, orders: orders('z', 1, 6) })).status).toBe(200);
    // The box that later died (A), also epoch 1: seqs 1..2 are in its backup, 3..4 came after it.
    const deviceA = await createDevice(cloud.db, { locationId: place.locationId, name: 'box A' });
    const a = { credential: deviceA.credential, box: 'box-aaaa-0001' };
    expect((await push(a.credential, a.box, { epoch: 1, orders: orders('a', 1, 4) })).status).toBe(200);

    // The replacement (B), a fresh credential, opens its epoch from A's backup: branch point epoch 1, seq 2, of box A.
    const deviceB = await createDevice(cloud.db, { locationId: place.locationId, name: 'box B' });
    const b = { credential: deviceB.credential, box: 'box-bbbb-0001' };
    const opened = await push(b.credential, b.box, { epoch: 900_000, forkedFrom: { epoch: 1, seq: 2, boxId: a.box }, nextSeq: 3 });
    expect(opened.status).toBe(200);

    const sent = (await cloud.db.query<{ payload: { groups: Array<{ orderId: string }> } }>(
      "SELECT payload FROM channel_messages WHERE location_id = $1 AND kind = 'restore.catchup' ORDER BY seq", [place.locationId])).rows;
    expect(sent.flatMap((m) => m.payload.groups.map((g) => g.orderId))).toEqual(['a-3', 'a-4']);
    const epochRow = (await cloud.db.query<{ forked_from_device_id: string; forked_from_box_id: string }>(
      'SELECT forked_from_device_id, forked_from_box_id FROM device_watermarks WHERE device_id = $1', [deviceB.id])).rows;
    expect(epochRow).toEqual([{ forked_from_device_id: deviceA.id, forked_from_box_id: a.box }]);
    // The owner's list names the same two, as lost until the box applies them.
    const owner = await signInOwner(cloud);
    const losses = (await cloudApi(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner })).body;
    expect(losses).toMatchObject({ deviceId: deviceB.id, catchUp: { status: 'pending', orders: 2 } });
    expect(losses.orders.map((o: { id: string }) => o.id)).toEqual(['a-3', 'a-4']);

    // A is retired: its epochs marked replaced by B and its credential revoked; Z, unrelated, is neither.
    const marks = (await cloud.db.query<{ device_id: string; replaced_by_device_id: string | null }>(
      'SELECT device_id, replaced_by_device_id FROM device_watermarks WHERE location_id = $1 ORDER BY device_id', [place.locationId])).rows;
    expect(Object.fromEntries(marks.map((m) => [m.device_id, m.replaced_by_device_id]))).toEqual({ [place.deviceId]: null, [deviceA.id]: deviceB.id, [deviceB.id]: null });
    const revoked = (await cloud.db.query<{ id: string; revoked_at: Date | null; replaced_by_device_id: string | null }>(
      'SELECT id, revoked_at, replaced_by_device_id FROM devices WHERE id = ANY($1::text[])', [[place.deviceId, deviceA.id]])).rows;
    expect(revoked.find((d) => d.id === deviceA.id)).toMatchObject({ replaced_by_device_id: deviceB.id });
    expect(revoked.find((d) => d.id === deviceA.id)!.revoked_at).not.toBeNull();
    expect(revoked.find((d) => d.id === place.deviceId)!.revoked_at).toBeNull();
    const alerts = (await cloud.db.query<{ kind: string }>("SELECT kind FROM alerts WHERE location_id = $1 AND kind = 'sync.device_replaced'", [place.locationId])).rows;
    expect(alerts).toHaveLength(1);

    // A comes back: refused (revoked); and in the window before the revocation (undone here) refused by the mark, nothing applied.
    expect((await push(a.credential, a.box, { epoch: 1, orders: orders('a', 5, 5) })).status).toBe(401);
    await cloud.db.query('UPDATE devices SET revoked_at = NULL WHERE id = $1', [deviceA.id]);
    const late = await push(a.credential, a.box, { epoch: 1, orders: orders('a', 5, 5) });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DEVICE_REPLACED');
    const lateEpoch = await push(a.credential, a.box, { epoch: 1_000_000, forkedFrom: { epoch: 1, seq: 4, boxId: a.box }, orders: orders('a', 5, 5) });
    expect(lateEpoch.body.error.code).toBe('DEVICE_REPLACED');
    expect((await cloud.db.query("SELECT 1 FROM orders WHERE location_id = $1 AND id = 'a-5'", [place.locationId])).rows).toHaveLength(0);
    expect((await cloud.db.query('SELECT epoch FROM device_watermarks WHERE device_id = $1', [deviceA.id])).rows).toEqual([{ epoch: 1 }]);
    // Z, not part of this history, syncs on; B too, and opening its epoch again sends nothing more.
    expect((await push(z.credential, z.box, { epoch: 1, orders: orders('z', 7, 7) })).status).toBe(200);
    expect((await push(b.credential, b.box, { epoch: 900_000, orders: [{ id: 'b-3', seq: 3, number: 5 }] })).status).toBe(200);
    expect((await cloud.db.query("SELECT count(*)::int AS n FROM channel_messages WHERE location_id = $1 AND kind = 'restore.catchup'", [place.locationId])).rows[0]).toEqual({ n: 1 });
    expect((await cloud.db.query<{ device_id: string }>("SELECT device_id FROM orders WHERE location_id = $1 AND id IN ('b-3', 'z-7', 'a-1') ORDER BY id", [place.locationId])).rows.map((r) => r.device_id))
      .toEqual([deviceA.id, deviceB.id, place.deviceId]);
  }, 60_000);
});
