import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBox, setUpRestaurant } from './helpers/box.js';
import { startTestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { menuDoc } from './helpers/channel.js';
import { until } from './helpers/wait.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A central menu with an option group (Sides: Fries, Salad) linked to Steak. */
const central = () => {
  const doc = menuDoc(1200);
  doc.categories[0]!.items[1] = { ...doc.categories[0]!.items[1]!, optionGroups: ['Sides'] } as typeof doc.categories[0]['items'][1];
  return { ...doc, optionGroups: [{ name: 'Sides', selection: 'single', options: [{ name: 'Fries' }, { name: 'Salad', priceDelta: 150 }] }] };
};

describe('the menu\'s structure while a central menu is live', () => {
  it('adding or deleting categories, items, option groups and options on the box is refused with 409 CENTRALLY_MANAGED naming what; 86 stays local', async () => {
    const cloud = await startTestCloud({ serve: true });
    cleanups.push(() => cloud.close());
    const owner = await signInOwner(cloud);
    const box = await startTestBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_WAIT_SECONDS: '5', SYNC_INTERVAL_MS: '100' } });
    cleanups.push(() => box.close());
    const { ownerToken: token } = await setUpRestaurant(box);

    // Before any central menu, the box's menu is its own: adding a category works.
    const own = await box.api('POST', '/menu/categories', { token, body: { name: 'Specials' } });
    expect(own.status).toBe(201);

    const menu = (await api(cloud.url, 'POST', '/api/menus', { token: owner, body: { name: 'Main', document: central() } })).body;
    expect((await api(cloud.url, 'POST', `/api/menus/${menu.id}/publish`, { token: owner, headers: { 'idempotency-key': crypto.randomUUID() },
      body: { locationIds: [cloud.a.locationId] } })).status).toBe(201);
    await until('the central menu on the box', async () => (await box.api('GET', '/menu', { token })).body.categories
      .some((c: any) => c.items.some((i: any) => i.name === 'Steak' && i.optionGroups?.length === 1)));
    const tree = (await box.api('GET', '/menu', { token })).body;
    const mains = tree.categories.find((c: any) => c.name === 'Mains');
    const steak = mains.items.find((i: any) => i.name === 'Steak');
    const sides = steak.optionGroups[0];
    const fries = sides.options.find((o: any) => o.name === 'Fries');
    const versionBefore = (await box.api('GET', '/menu', { token })).headers.get('etag');

    const refused: Array<[string, string, unknown, string, string]> = [
      ['POST', '/menu/categories', { name: 'Desserts' }, 'categories', 'create'],
      ['DELETE', `/menu/categories/${own.body.id}`, undefined, 'categories', 'delete'],
      ['PATCH', `/menu/categories/${mains.id}`, { name: 'Plates' }, 'categories', 'update'],
      ['POST', '/menu/items', { categoryId: mains.id, name: 'Pie', price: 900, taxRateBp: 1000, station: 'kitchen' }, 'items', 'create'],
      ['DELETE', `/menu/items/${steak.id}`, undefined, 'items', 'delete'],
      ['PUT', `/menu/items/${steak.id}/option-groups`, { groupIds: [] }, 'optionGroups', 'link'],
      ['POST', '/menu/option-groups', { name: 'Sauces', selection: 'multi' }, 'optionGroups', 'create'],
      ['DELETE', `/menu/option-groups/${sides.id}`, undefined, 'optionGroups', 'delete'],
      ['PATCH', `/menu/option-groups/${sides.id}`, { name: 'Garnish' }, 'optionGroups', 'update'],
      ['POST', `/menu/option-groups/${sides.id}/options`, { name: 'Rice' }, 'options', 'create'],
      ['DELETE', `/menu/options/${fries.id}`, undefined, 'options', 'delete'],
      ['PATCH', `/menu/options/${fries.id}`, { priceDelta: 50 }, 'options', 'update'],
    ];
    for (const [method, path, body, field, action] of refused) {
      const res = await box.api(method, path, { token, body });
      expect({ method, path, status: res.status, code: res.body.error?.code }).toEqual({ method, path, status: 409, code: 'CENTRALLY_MANAGED' });
      expect(res.body.error.details).toMatchObject({ field, action, publicationId: expect.any(String) });
      expect(res.body.error.message).toMatch(/managed in the cloud/);
    }
    expect((await box.api('GET', '/menu', { token })).headers.get('etag')).toBe(versionBefore);

    // Availability is the kitchen's: an item and an option can still be 86'd here.
    expect((await box.api('POST', `/menu/items/${steak.id}/availability`, { token, body: { available: false } })).status).toBe(200);
    expect((await box.api('POST', `/menu/options/${fries.id}/availability`, { token, body: { available: false } })).status).toBe(200);
    expect((await box.api('PATCH', `/menu/options/${fries.id}`, { token, body: { available: true } })).status).toBe(200);
  });
});
