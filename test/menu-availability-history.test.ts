import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { pairDevice } from './helpers/ws-client.js';

let t: TestBox;
let r: Restaurant;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); });
afterEach(async () => { await t.close(); });

async function made(path: string, body: unknown): Promise<any> {
  const res = await t.api('POST', path, { token: r.ownerToken, body });
  if (res.status >= 300) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe("who 86'd a dish, and when", () => {
  it('lists the newest change per item with the staff member or kitchen screen that made it, and each item\'s history newest first', async () => {
    const mains = await made('/menu/categories', { name: 'Mains' });
    const steak = await made('/menu/items', { categoryId: mains.id, name: 'Steak', price: 2200, taxRateBp: 1000, station: 'grill' });
    const soup = await made('/menu/items', { categoryId: mains.id, name: 'Soup', price: 900, taxRateBp: 1000, station: 'grill' });
    await made('/menu/items', { categoryId: mains.id, name: 'Salad', price: 900, taxRateBp: 1000, station: 'cold' });
    const waiter = await r.signInAs('waiter');
    const kitchen = await pairDevice(r, 'kitchen');

    const set = (id: string, available: boolean, token: string) => t.api('POST', `/menu/items/${id}/availability`, { token, body: { available } });
    expect((await set(steak.id, false, waiter.token)).status).toBe(200);
    // The same 86 again changes nothing, so it is not a second entry.
    expect((await set(steak.id, false, waiter.token)).status).toBe(200);
    expect((await set(steak.id, true, r.ownerToken)).status).toBe(200);
    expect((await set(soup.id, false, kitchen.token)).status).toBe(200);

    const latest = await t.api('GET', '/menu/availability-changes', { token: r.ownerToken });
    expect(latest.status).toBe(200);
    expect(latest.body.changes).toHaveLength(2);
    const byItem = Object.fromEntries(latest.body.changes.map((c: any) => [c.name, c]));
    expect(byItem.Steak).toMatchObject({ itemId: steak.id, available: true, staffId: r.ownerId, staffName: 'Olive Owner' });
    expect(byItem.Soup).toMatchObject({ itemId: soup.id, available: false, staffId: null, staffName: null, deviceName: 'kitchen screen' });
    expect(typeof byItem.Soup.at).toBe('number');

    const history = await t.api('GET', `/menu/items/${steak.id}/availability-history`, { token: r.ownerToken });
    expect(history.status).toBe(200);
    expect(history.body.changes.map((c: any) => [c.available, c.staffName])).toEqual([[true, 'Olive Owner'], [false, 'waiter 1']]);
    const one = await t.api('GET', `/menu/items/${steak.id}/availability-history?limit=1`, { token: r.ownerToken });
    expect(one.body.changes).toHaveLength(1);
  });

  it('is for managers: a waiter gets 403, no token 401, an unknown item 404 and a bad limit 400', async () => {
    const waiter = await r.signInAs('waiter');
    expect((await t.api('GET', '/menu/availability-changes', { token: waiter.token })).status).toBe(403);
    expect((await t.api('GET', '/menu/availability-changes')).status).toBe(401);
    const missing = await t.api('GET', '/menu/items/0190a1b2-0000-7000-8000-000000000000/availability-history', { token: r.ownerToken });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await t.api('GET', '/menu/items/0190a1b2-0000-7000-8000-000000000000/availability-history?limit=500', { token: r.ownerToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
