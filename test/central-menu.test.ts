import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBox, setUpRestaurant, type TestBox } from './helpers/box.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { menuDoc } from './helpers/channel.js';
import { until } from './helpers/wait.js';

const cleanups: Array<() => Promise<void>> = [];
/** A new Idempotency-Key: publishing needs one. */
const newKey = () => ({ 'idempotency-key': crypto.randomUUID() });
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Place { box: TestBox; token: string }

async function setting(): Promise<{ cloud: TestCloud; owner: string; a: Place; b: Place }> {
  const cloud = await startTestCloud({ serve: true });
  cleanups.push(() => cloud.close());
  const owner = await signInOwner(cloud);
  const place = async (credential: string): Promise<Place> => {
    const box = await startTestBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: credential, CHANNEL_WAIT_SECONDS: '5', SYNC_INTERVAL_MS: '100' } });
    cleanups.push(() => box.close());
    return { box, token: (await setUpRestaurant(box)).ownerToken };
  };
  return { cloud, owner, a: await place(cloud.a.credential), b: await place(cloud.b.credential) };
}

const soup = async (p: Place) => {
  const tree = (await p.box.api('GET', '/menu', { token: p.token })).body;
  return tree.categories?.flatMap((c: any) => c.items).find((i: any) => i.name === 'Soup');
};
const statusOf = async (cloud: TestCloud, owner: string, locationId: string) =>
  (await api(cloud.url, 'GET', '/api/menus/status', { token: owner })).body.locations.find((l: any) => l.locationId === locationId);

describe('the menu managed centrally', () => {
  it('an owner publishes a menu to two locations, one with a price override; each box applies it and the owner sees which version is live and when', async () => {
    const { cloud, owner, a, b } = await setting();
    const created = await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'Main menu', document: menuDoc(1200) } });
    expect(created.status).toBe(201);
    const override = await api(cloud.url, 'PUT', `/api/menus/locations/${cloud.b.locationId}`, { token: owner,
      body: { mode: 'central', overrides: [{ category: 'Mains', item: 'soup', price: 1350, station: 'cold' }] } });
    expect(override.status).toBe(200);
    const etagBefore = (await a.box.api('GET', '/menu', { token: a.token })).headers.get('etag');
    const published = await api(cloud.url, 'POST', `/api/menus/${created.body.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [cloud.a.locationId, cloud.b.locationId] } });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ menuVersion: 1, deliveries: [{ locationId: cloud.a.locationId, skipped: null }, { locationId: cloud.b.locationId, skipped: null }] });

    await until('both boxes to have the menu', async () => (await soup(a))?.price === 1200 && (await soup(b))?.price === 1350);
    expect((await soup(b)).station).toBe('cold');
    expect((await a.box.api('GET', '/menu', { token: a.token })).headers.get('etag')).not.toBe(etagBefore);
    await until('the owner to see both live', async () => (await statusOf(cloud, owner, cloud.b.locationId))?.live?.menuVersion === 1
      && (await statusOf(cloud, owner, cloud.a.locationId))?.live?.menuVersion === 1);
    const st = await statusOf(cloud, owner, cloud.a.locationId);
    expect(st).toMatchObject({ mode: 'central', live: { publicationId: published.body.publicationId, menuVersion: 1 }, latest: { status: 'applied', errorCode: null } });
    expect(Date.parse(st.live.appliedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a republish keeps ids, never undoes a local 86, and makes central fields read-only on the box with CENTRALLY_MANAGED', async () => {
    const { cloud, owner, a } = await setting();
    const menu = (await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'M', document: menuDoc(1000) } })).body;
    const publish = () => api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [cloud.a.locationId] } });
    await publish();
    await until('v1 on the box', async () => (await soup(a))?.price === 1000);
    const first = await soup(a);

    const price = await a.box.api('PATCH', `/menu/items/${first.id}`, { token: a.token, body: { price: 1 } });
    expect(price.status).toBe(409);
    expect(price.body.error).toMatchObject({ code: 'CENTRALLY_MANAGED', details: { field: 'price' } });
    const importing = await a.box.api('POST', '/menu/import', { token: a.token, body: menuDoc(5) });
    expect(importing.body.error).toMatchObject({ code: 'CENTRALLY_MANAGED', details: { field: 'menu' } });
    const eightySix = await a.box.api('POST', `/menu/items/${first.id}/availability`, { token: a.token, body: { available: false } });
    expect(eightySix.status).toBe(200);

    expect((await api(cloud.url, 'PUT', `/api/menus/${menu.id}`, { token: owner, body: { document: menuDoc(1100), expectedVersion: 1 } })).status).toBe(200);
    await publish();
    await until('v2 on the box', async () => (await soup(a))?.price === 1100);
    const second = await soup(a);
    expect(second.id).toBe(first.id);
    expect(second.available).toBe(false);

    // Back to "local menu": the box is told, and its menu is its own again; later publishes skip it.
    expect((await api(cloud.url, 'PUT', `/api/menus/locations/${cloud.a.locationId}`, { token: owner, body: { mode: 'local' } })).status).toBe(200);
    await until('the release on the box', async () => (await a.box.api('PATCH', `/menu/items/${first.id}`, { token: a.token, body: { price: 1 } })).status === 200);
    expect((await publish()).body.deliveries).toEqual([{ locationId: cloud.a.locationId, seq: null, skipped: 'LOCAL_MENU' }]);
  });

  it('a menu the box refuses is shown to the owner as refused, with the box\'s code and reason, while the last good version stays live', async () => {
    const { cloud, owner, a } = await setting();
    const menu = (await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'M', document: menuDoc(900) } })).body;
    await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [cloud.a.locationId] } });
    await until('v1 live', async () => (await statusOf(cloud, owner, cloud.a.locationId))?.live?.menuVersion === 1);
    // Priced in dollars: the cloud's rules accept it; this box (in euros) cannot.
    await api(cloud.url, 'PUT', `/api/menus/${menu.id}`, { token: owner, body: { document: { ...menuDoc(950), currency: 'USD' } } });
    await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [cloud.a.locationId] } });
    await until('v2 refused', async () => (await statusOf(cloud, owner, cloud.a.locationId))?.latest?.status === 'refused');
    const st = await statusOf(cloud, owner, cloud.a.locationId);
    expect(st).toMatchObject({ live: { menuVersion: 1 }, latest: { menuVersion: 2, status: 'refused', errorCode: 'IMPORT_INVALID' } });
    expect(st.latest.errorMessage).toContain('USD');
    expect((await soup(a)).price).toBe(900);
  });

  it('checks people before input: 401 without a session, 403 for a viewer, 400 IMPORT_INVALID naming each bad row, 403 for another organisation\'s location', async () => {
    const cloud = await startTestCloud({ serve: true });
    cleanups.push(() => cloud.close());
    const owner = await signInOwner(cloud);
    expect((await api(cloud.url, 'POST', '/api/menus', { body: { name: 'x' } })).status).toBe(401);
    const viewer = await inviteMember(cloud.url, owner, { email: 'v@example.com', role: 'viewer', locationIds: [cloud.a.locationId] });
    const denied = await api(cloud.url, 'POST', '/api/menus', { token: viewer.token, body: { name: 'M', document: menuDoc(1) } });
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const bad = await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'M', document: { categories: [{ name: 'Mains', items: [{ name: 'Soup', price: -1, taxRateBp: 1000, station: 'k' }, { name: 'Tea' }] }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('IMPORT_INVALID');
    expect([...new Set(bad.body.error.details.map((p: any) => p.path))]).toEqual(['categories[0].items[0]', 'categories[0].items[1]']);
    expect(bad.body.error.details.filter((p: any) => p.path === 'categories[0].items[1]').map((p: any) => p.field).sort()).toEqual(['price', 'station', 'taxRateBp']);
    expect((await api(cloud.url, 'GET', '/api/menus', { token: owner })).body.menus).toEqual([]);
    const menu = (await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'M', document: menuDoc(1) } })).body;
    const other = await startTestCloud();
    cleanups.push(() => other.close());
    const foreign = await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [other.a.locationId] } });
    expect(foreign.body.error.code).toBe('LOCATION_FORBIDDEN');
    expect((await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: '{"locationIds": [' })).body.error.code).toBe('MALFORMED_JSON');
    expect((await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: newKey(), body: { locationIds: [] } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await api(cloud.url, 'GET', '/api/menus/nope', { token: owner })).status).toBe(404);
    expect((await cloud.db.query('SELECT 1 FROM channel_messages')).rowCount).toBe(0);
  });
});
