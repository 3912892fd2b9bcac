import { afterEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { menuDoc } from './helpers/channel.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function setting(): Promise<{ cloud: TestCloud; owner: string; menuId: string }> {
  const cloud = await startTestCloud({ serve: true });
  cleanups.push(() => cloud.close());
  const owner = await signInOwner(cloud);
  const menu = await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'Main', document: menuDoc(1000) } });
  expect(menu.status).toBe(201);
  return { cloud, owner, menuId: menu.body.id };
}
const count = async (cloud: TestCloud, table: string) => Number((await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

describe('owners\' central menu writes are safe to retry', () => {
  it('a publish retried after its answer was lost (the cloud committed, then died) returns the first publication instead of publishing the next version', async () => {
    const { cloud, owner, menuId } = await setting();
    const publish = () => api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { token: owner, headers: { 'idempotency-key': 'publish-click-0001' },
      body: { locationIds: [cloud.a.locationId, cloud.b.locationId] } });
    const first = await publish();
    expect(first.status).toBe(201);
    const retried = await Promise.all([publish(), publish()]);
    for (const r of retried) {
      expect(r.status).toBe(201);
      expect(r.body).toEqual(first.body);
    }
    expect(first.body.menuVersion).toBe(1);
    expect(await count(cloud, 'menu_publications')).toBe(1);
    expect(await count(cloud, 'channel_messages')).toBe(2);
    expect((await api(cloud.url, 'GET', `/api/menus/${menuId}`, { token: owner })).body.publishedVersion).toBe(1);
  });

  it('the same key with another request is refused with 422 IDEMPOTENCY_KEY_REUSED and publishes nothing', async () => {
    const { cloud, owner, menuId } = await setting();
    const headers = { 'idempotency-key': 'publish-click-0002' };
    expect((await api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { token: owner, headers, body: { locationIds: [cloud.a.locationId] } })).status).toBe(201);
    const other = await api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { token: owner, headers, body: { locationIds: [cloud.b.locationId] } });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.error.message).toMatch(/different request/);
    expect(await count(cloud, 'menu_publications')).toBe(1);
  });

  it('a publish without an Idempotency-Key (or with a malformed one) is refused with 400 IDEMPOTENCY_KEY_REQUIRED, after the sign-in check, and writes nothing', async () => {
    const { cloud, owner, menuId } = await setting();
    const body = { locationIds: [cloud.a.locationId] };
    expect((await api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { body })).status).toBe(401);
    const missing = await api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { token: owner, body });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const short = await api(cloud.url, 'POST', `/api/menus/${menuId}/publish`, { token: owner, headers: { 'idempotency-key': 'x' }, body });
    expect(short.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await count(cloud, 'menu_publications')).toBe(0);
    expect(await count(cloud, 'channel_messages')).toBe(0);
  });

  it('creating a menu or saving a draft retried with the same key answers as the first time: one menu, one new version', async () => {
    const { cloud, owner, menuId } = await setting();
    const create = () => api(cloud.url, 'POST', '/api/menus', { token: owner, headers: { 'idempotency-key': 'create-click-0001' }, body: { name: 'Dinner', document: menuDoc(1500) } });
    const created = await create();
    expect(created.status).toBe(201);
    const again = await create();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(created.body);
    expect(await count(cloud, 'menus')).toBe(2);

    const save = () => api(cloud.url, 'PUT', `/api/menus/${menuId}`, { token: owner, headers: { 'idempotency-key': 'save-click-0001' }, body: { document: menuDoc(1100) } });
    const saved = await save();
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect((await save()).body).toEqual(saved.body);
    expect((await api(cloud.url, 'GET', `/api/menus/${menuId}`, { token: owner })).body.version).toBe(2);
    // The key names one change: reusing it for another menu's draft is refused.
    const elsewhere = await api(cloud.url, 'PUT', `/api/menus/${created.body.id}`, { token: owner, headers: { 'idempotency-key': 'save-click-0001' }, body: { document: menuDoc(1100) } });
    expect(elsewhere.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
