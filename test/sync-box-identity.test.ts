import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import { fillLog } from './helpers/sync-log.js';
import { allowReplacement, replaceDevice, showDevice } from '../cloud/admin.js';
import { BOX_ID_HEADER } from '../sync/protocol.js';

let cloud: TestCloud;
const boxes: TestBox[] = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });
afterAll(async () => { await cloud.close(); });

const orders = async (locationId: string) =>
  (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [locationId])).rows[0]!.n;
const alerts = async (locationId: string, kind: string) =>
  (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts WHERE location_id = $1 AND kind = $2', [locationId, kind])).rows[0]!.n;

async function box(credential: string, dataDir?: string): Promise<TestBox> {
  const t = await startTestBox(dataDir ? { dataDir } : {});
  boxes.push(t);
  t.box.services.sync.configure(cloud.url, credential);
  return t;
}

describe('one device credential, one box', () => {
  it('a second box configured with a credential already in use is refused on both sides until the owner allows a replacement', async () => {
    const place = await cloud.place('second box');
    const first = await box(place.credential);
    fillLog(first.box.deps.db.$client, 4);
    await first.box.services.sync.syncNow();
    expect(first.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastError: null });

    const second = await box(place.credential);
    const events: Array<{ type: string; data: any }> = [];
    second.box.deps.bus.subscribe((e) => events.push(e as { type: string; data: any }));
    const queued = fillLog(second.box.deps.db.$client, 3);
    await second.box.services.sync.syncNow();
    await second.box.services.sync.syncNow(); // a retry: still refused, and alerted only once

    const refused = second.box.services.sync.status();
    expect(refused).toMatchObject({ queueDepth: queued, lastErrorCode: 'DEVICE_CREDENTIAL_IN_USE' });
    expect(refused.lastError).toMatch(/409 DEVICE_CREDENTIAL_IN_USE: .*already in use by another box/);
    expect(events.filter((e) => e.type === 'sync.alert').map((e) => e.data)).toContainEqual(expect.objectContaining({ kind: 'blocked', lastErrorCode: 'DEVICE_CREDENTIAL_IN_USE' }));
    expect(await orders(place.locationId)).toBe(4);
    expect(await alerts(place.locationId, 'sync.credential_in_use')).toBe(1);
    const shown = await showDevice(cloud.db, place.deviceId);
    expect(shown).toMatchObject({ boxId: first.box.services.sync.status().boxId, refusedBoxes: [{ boxId: refused.boxId, attempts: 2 }] });

    // The first box is not disturbed.
    fillLog(first.box.deps.db.$client, 2);
    await first.box.services.sync.syncNow();
    expect(first.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastError: null });
    expect(await orders(place.locationId)).toBe(6);

    // The owner says the second box replaces the first.
    await allowReplacement(cloud.db, place.deviceId);
    await second.box.services.sync.syncNow();
    expect(second.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastError: null, lastErrorCode: null });
    expect(events.filter((e) => e.type === 'sync.alert').map((e) => e.data.kind)).toContain('unblocked');
    expect(await orders(place.locationId)).toBe(9);
    expect(await alerts(place.locationId, 'sync.device_replaced')).toBe(1);
    const unsent = fillLog(first.box.deps.db.$client, 1);
    await first.box.services.sync.syncNow();
    expect(first.box.services.sync.status()).toMatchObject({ queueDepth: unsent, lastErrorCode: 'DEVICE_CREDENTIAL_IN_USE' });

    // Or binds a given box directly.
    await replaceDevice(cloud.db, place.deviceId, first.box.services.sync.status().boxId);
    await first.box.services.sync.syncNow();
    expect(first.box.services.sync.status()).toMatchObject({ queueDepth: 0, lastErrorCode: null });
  });

  it('a box restored from its own backup keeps its identity and is still accepted', async () => {
    const place = await cloud.place('own backup');
    let t = await box(place.credential);
    fillLog(t.box.deps.db.$client, 3);
    await t.box.services.sync.syncNow();
    const boxId = t.box.services.sync.status().boxId;
    const backup = `${t.dataDir}-backup.db`;
    await t.box.deps.db.$client.backup(backup);
    fillLog(t.box.deps.db.$client, 3);
    await t.box.services.sync.syncNow();
    boxes.splice(boxes.indexOf(t), 1);
    await t.box.stop();
    for (const f of ['brigade.db-wal', 'brigade.db-shm']) fs.rmSync(`${t.dataDir}/${f}`, { force: true });
    fs.copyFileSync(backup, `${t.dataDir}/brigade.db`);
    fs.rmSync(backup);
    t = await box(place.credential, t.dataDir);
    fillLog(t.box.deps.db.$client, 2);
    await t.box.services.sync.syncNow();
    expect(t.box.services.sync.status()).toMatchObject({ boxId, queueDepth: 0, lastError: null });
    expect(t.box.services.sync.status().epoch).toBeGreaterThan(1);
    expect(await orders(place.locationId)).toBe(8);
  });

  it('once bound, the credential refuses a request without a box identity, and a malformed identity is a 400', async () => {
    const place = await cloud.place('old box');
    const t = await box(place.credential);
    fillLog(t.box.deps.db.$client, 1);
    await t.box.services.sync.syncNow();
    const headers = { authorization: `Bearer ${place.credential}` };
    const none = await fetch(`${cloud.url}/sync/watermark?epoch=1`, { headers });
    expect(none.status).toBe(409);
    expect((await none.json()).error.code).toBe('DEVICE_CREDENTIAL_IN_USE');
    const bad = await fetch(`${cloud.url}/sync/watermark?epoch=1`, { headers: { ...headers, [BOX_ID_HEADER]: 'x y' } });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${cloud.url}/sync/watermark?epoch=1`, { headers: { authorization: 'Bearer nobody.secret', [BOX_ID_HEADER]: 'x y' } });
    expect(unknown.status).toBe(401); // authenticate first, then validate
  });
});
