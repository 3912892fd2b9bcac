import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuid } from 'uuid';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { orderLineOptions, orderLines, orders } from '../src/db/schema.js';

let t: TestBox;
let r: Restaurant;
let ids: { mains: string; burger: string; cooking: string; rare: string; extras: string };

async function call(method: string, path: string, body?: unknown) {
  return t.api(method, path, { token: r.ownerToken, body });
}
async function made(method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  const mains = (await made('POST', '/menu/categories', { name: 'Mains' })).id;
  const cooking = (await made('POST', '/menu/option-groups', { name: 'Cooking', selection: 'single', required: true })).id;
  const extras = (await made('POST', '/menu/option-groups', { name: 'Extras', selection: 'multi', maxSelect: 3 })).id;
  const rare = (await made('POST', `/menu/option-groups/${cooking}/options`, { name: 'Rare' })).id;
  const burger = (await made('POST', '/menu/items', { categoryId: mains, name: 'Burger', price: 1450, taxRateBp: 1000, station: 'grill', optionGroupIds: [cooking] })).id;
  ids = { mains, burger, cooking, rare, extras };
});
afterEach(async () => { await t.close(); });

/** An order with one burger (rare) on it, written as the orders module would. */
function orderTheBurger(): void {
  const db = t.box.deps.db;
  const now = Date.now();
  const orderId = uuid();
  const lineId = uuid();
  db.insert(orders).values({
    id: orderId, number: 1, businessDay: '2026-11-20', type: 'takeaway', source: 'waiter', status: 'sent', tableId: null, guestCount: 1,
    staffId: r.ownerId, deviceId: null, customerName: null, notes: null, discount: null, serviceChargeBp: 0, taxMode: 'exclusive',
    currency: 'EUR', subtotal: 1450, discountTotal: 0, serviceCharge: 0, taxTotal: 145, total: 1595, paid: 0, tips: 0, refunded: 0,
    requestHash: 'x', mergedInto: null, version: 1, createdAt: now, updatedAt: now, closedAt: null,
  }).run();
  db.insert(orderLines).values({
    id: lineId, orderId, itemId: ids.burger, name: 'Burger', unitPrice: 1450, optionsPrice: 0, taxRateBp: 1000, station: 'grill', quantity: 1,
    seat: null, course: 1, notes: null, discount: null, state: 'fired', firedAt: now, readyAt: null, servedAt: null, voidedAt: null,
    sortOrder: 0, staffId: r.ownerId, version: 1, createdAt: now, updatedAt: now,
  }).run();
  db.insert(orderLineOptions).values({ id: uuid(), lineId, optionId: ids.rare, groupId: ids.cooking, groupName: 'Cooking', name: 'Rare', priceDelta: 0 }).run();
}

describe('bad input is refused and changes nothing', () => {
  const item = () => ({ categoryId: ids.mains, name: 'Salad', price: 900, taxRateBp: 1000, station: 'cold' });
  const cases: Array<[string, () => [string, string, unknown], number, string]> = [
    ['a negative price', () => ['POST', '/menu/items', { ...item(), price: -1 }], 400, 'VALIDATION_FAILED'],
    ['a price over 100 000.00', () => ['POST', '/menu/items', { ...item(), price: 10_000_001 }], 400, 'VALIDATION_FAILED'],
    ['a fractional price', () => ['POST', '/menu/items', { ...item(), price: 9.5 }], 400, 'VALIDATION_FAILED'],
    ['a tax rate over 100 %', () => ['POST', '/menu/items', { ...item(), taxRateBp: 10_001 }], 400, 'VALIDATION_FAILED'],
    ['a station that is not a short slug', () => ['POST', '/menu/items', { ...item(), station: 'Grill station!' }], 400, 'VALIDATION_FAILED'],
    ['an image URL that is not http(s)', () => ['POST', '/menu/items', { ...item(), imageUrl: 'javascript:alert(1)' }], 400, 'VALIDATION_FAILED'],
    ['a tag with a | in it', () => ['POST', '/menu/items', { ...item(), tags: ['vegan|spicy'] }], 400, 'VALIDATION_FAILED'],
    ['an unexpected field', () => ['POST', '/menu/items', { ...item(), colour: 'red' }], 400, 'VALIDATION_FAILED'],
    ['an empty name', () => ['POST', '/menu/categories', { name: '   ' }], 400, 'VALIDATION_FAILED'],
    ['an unknown category', () => ['POST', '/menu/items', { ...item(), categoryId: uuid() }], 404, 'NOT_FOUND'],
    ['an unknown option group on an item', () => ['PUT', `/menu/items/${ids.burger}/option-groups`, { groupIds: [ids.extras, uuid()] }], 404, 'NOT_FOUND'],
    ['a group listed twice on an item', () => ['PUT', `/menu/items/${ids.burger}/option-groups`, { groupIds: [ids.extras, ids.extras] }], 400, 'VALIDATION_FAILED'],
    ['a single-choice group allowing three', () => ['POST', '/menu/option-groups', { name: 'Size', selection: 'single', maxSelect: 3 }], 400, 'VALIDATION_FAILED'],
    ['a required group with minimum 0', () => ['POST', '/menu/option-groups', { name: 'Size', selection: 'multi', required: true, minSelect: 0, maxSelect: 2 }], 400, 'VALIDATION_FAILED'],
    ['a group whose minimum exceeds its maximum', () => ['POST', '/menu/option-groups', { name: 'Size', selection: 'multi', required: true, minSelect: 3, maxSelect: 2 }], 400, 'VALIDATION_FAILED'],
    ['turning a multi group of 3 into single choice', () => ['PATCH', `/menu/option-groups/${ids.extras}`, { selection: 'single' }], 400, 'VALIDATION_FAILED'],
    ['an option price cut beyond the bound', () => ['POST', `/menu/option-groups/${ids.cooking}/options`, { name: 'Free', priceDelta: -1_000_001 }], 400, 'VALIDATION_FAILED'],
    ['an id that is not a uuid', () => ['PATCH', '/menu/items/42', { price: 100 }], 400, 'VALIDATION_FAILED'],
    ['an unknown item', () => ['POST', `/menu/items/${uuid()}/availability`, { available: false }], 404, 'NOT_FOUND'],
    ['availability without a boolean', () => ['POST', `/menu/items/${ids.burger}/availability`, { available: 'no' }], 400, 'VALIDATION_FAILED'],
  ];
  for (const [what, request, status, code] of cases) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      const [method, path, body] = request();
      const before = dumpDatabase(t.dbFile);
      const res = await call(method, path, body);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(dumpDatabase(t.dbFile)).toBe(before);
    });
  }
});

describe('deleting from the menu', () => {
  it('refuses to delete a category that has items, and deletes an empty one', async () => {
    const before = dumpDatabase(t.dbFile);
    const res = await call('DELETE', `/menu/categories/${ids.mains}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'IN_USE', details: { itemIds: [ids.burger] } });
    expect(dumpDatabase(t.dbFile)).toBe(before);
    const empty = await made('POST', '/menu/categories', { name: 'Specials' });
    expect(await made('DELETE', `/menu/categories/${empty.id}`)).toEqual({ id: empty.id, deleted: true });
    expect((await call('GET', '/menu')).body.categories.map((c: any) => c.name)).toEqual(['Mains']);
  });

  it('keeps an item that is on an order and says to mark it unavailable instead', async () => {
    orderTheBurger();
    const before = dumpDatabase(t.dbFile);
    const res = await call('DELETE', `/menu/items/${ids.burger}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IN_USE');
    expect(res.body.error.message).toMatch(/unavailable/);
    expect(dumpDatabase(t.dbFile)).toBe(before);
    expect((await call('DELETE', `/menu/options/${ids.rare}`)).body.error.code).toBe('IN_USE');
  });

  it('deletes an item never ordered, with its option-group links', async () => {
    expect(await made('DELETE', `/menu/items/${ids.burger}`)).toEqual({ id: ids.burger, deleted: true });
    expect((await call('GET', '/menu')).body.categories[0].items).toEqual([]);
    const links = t.box.deps.db.$client.prepare('select count(*) as n from item_option_groups').get() as { n: number };
    expect(links.n).toBe(0);
  });

  it('refuses to delete an option group items use, then deletes it with its options once unlinked', async () => {
    const res = await call('DELETE', `/menu/option-groups/${ids.cooking}`);
    expect(res.body.error).toMatchObject({ code: 'IN_USE', details: { items: ['Burger'] } });
    await made('PUT', `/menu/items/${ids.burger}/option-groups`, { groupIds: [] });
    expect((await call('DELETE', `/menu/option-groups/${ids.cooking}`)).status).toBe(200);
    const left = t.box.deps.db.$client.prepare('select count(*) as n from options').get() as { n: number };
    expect(left.n).toBe(0);
  });
});
