import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuid } from 'uuid';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import type { DomainEvent } from '../src/events/bus.js';

let t: TestBox;
let r: Restaurant;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); });
afterEach(async () => { await t.close(); });

async function call(method: string, path: string, body?: unknown, token = r.ownerToken) {
  return t.api(method, path, { token, body });
}
async function made(method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const item = (categoryId: string, name: string, extra: Record<string, unknown> = {}) =>
  made('POST', '/menu/items', { categoryId, name, price: 1200, taxRateBp: 1000, station: 'grill', ...extra });
const etagOf = async () => (await call('GET', '/menu')).headers.get('etag');

describe('the menu tree tablets load', () => {
  it('lists categories, items, linked option groups and options in their sort order, unavailable items flagged', async () => {
    const drinks = await made('POST', '/menu/categories', { name: 'Drinks', sortOrder: 5 });
    const mains = await made('POST', '/menu/categories', { name: 'Mains', sortOrder: 1 });
    const cooking = await made('POST', '/menu/option-groups', { name: 'Cooking', selection: 'single', required: true });
    const extras = await made('POST', '/menu/option-groups', { name: 'Extras', selection: 'multi', maxSelect: 2 });
    const unused = await made('POST', '/menu/option-groups', { name: 'Sauces', selection: 'multi' });
    await made('POST', `/menu/option-groups/${cooking.id}/options`, { name: 'Well done', sortOrder: 3 });
    await made('POST', `/menu/option-groups/${cooking.id}/options`, { name: 'Rare', sortOrder: 1 });
    await made('POST', `/menu/option-groups/${extras.id}/options`, { name: 'Cheese', priceDelta: 150 });
    const steak = await item(mains.id, 'Steak', { sortOrder: 2, optionGroupIds: [extras.id, cooking.id], allergens: ['mustard'] });
    await item(mains.id, 'Burger', { sortOrder: 1, description: 'Beef, brioche', tags: ['bestseller'], imageUrl: 'https://img.example/burger.jpg' });
    await item(drinks.id, 'Soda', { price: 350, taxRateBp: 550, station: 'bar', available: false });

    const waiter = await r.signInAs('waiter');
    const res = await call('GET', '/menu', undefined, waiter.token);
    expect(res.status).toBe(200);
    const tree = res.body;
    expect(tree.categories.map((c: any) => c.name)).toEqual(['Mains', 'Drinks']);
    expect(tree.categories[0].items.map((i: any) => i.name)).toEqual(['Burger', 'Steak']);
    const steakNode = tree.categories[0].items[1];
    expect(steakNode).toMatchObject({ id: steak.id, price: 1200, taxRateBp: 1000, station: 'grill', allergens: ['mustard'], available: true });
    expect(steakNode.optionGroups.map((g: any) => g.name)).toEqual(['Extras', 'Cooking']);
    expect(steakNode.optionGroups[1]).toMatchObject({ selection: 'single', minSelect: 1, maxSelect: 1, required: true });
    expect(steakNode.optionGroups[1].options.map((o: any) => o.name)).toEqual(['Rare', 'Well done']);
    expect(tree.categories[0].items[0]).toMatchObject({ description: 'Beef, brioche', tags: ['bestseller'], imageUrl: 'https://img.example/burger.jpg', optionGroups: [] });
    expect(tree.categories[1].items[0]).toMatchObject({ name: 'Soda', available: false, price: 350 });
    expect(tree.optionGroups.map((g: any) => g.id)).toContain(unused.id);
    expect(tree.menuVersion).toBeGreaterThan(1);
  });

  it('answers 304 with no body to its own ETag, and a new ETag after every kind of menu change', async () => {
    const first = await call('GET', '/menu');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"menu-\d+"$/);
    const again = await t.api('GET', '/menu', { token: r.ownerToken, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(again.headers.get('etag')).toBe(etag);

    const seen = new Set([etag]);
    const expectNewEtag = async () => {
      const next = (await etagOf())!;
      expect(seen.has(next)).toBe(false);
      seen.add(next);
      expect((await t.api('GET', '/menu', { token: r.ownerToken, headers: { 'if-none-match': etag } })).status).toBe(200);
    };
    const cat = await made('POST', '/menu/categories', { name: 'Starters' }); await expectNewEtag();
    await made('PATCH', `/menu/categories/${cat.id}`, { name: 'Small plates' }); await expectNewEtag();
    const soup = await item(cat.id, 'Soup'); await expectNewEtag();
    await made('PATCH', `/menu/items/${soup.id}`, { price: 900 }); await expectNewEtag();
    await made('POST', `/menu/items/${soup.id}/availability`, { available: false }); await expectNewEtag();
    const group = await made('POST', '/menu/option-groups', { name: 'Bread', selection: 'single' }); await expectNewEtag();
    await made('PATCH', `/menu/option-groups/${group.id}`, { name: 'Breads' }); await expectNewEtag();
    const option = await made('POST', `/menu/option-groups/${group.id}/options`, { name: 'Sourdough' }); await expectNewEtag();
    await made('PATCH', `/menu/options/${option.id}`, { priceDelta: 50 }); await expectNewEtag();
    await made('POST', `/menu/options/${option.id}/availability`, { available: false }); await expectNewEtag();
    await made('PUT', `/menu/items/${soup.id}/option-groups`, { groupIds: [group.id] }); await expectNewEtag();
    await made('PUT', `/menu/items/${soup.id}/option-groups`, { groupIds: [] }); await expectNewEtag();
    await made('DELETE', `/menu/options/${option.id}`); await expectNewEtag();
    await made('DELETE', `/menu/option-groups/${group.id}`); await expectNewEtag();
    await made('DELETE', `/menu/items/${soup.id}`); await expectNewEtag();
    await made('DELETE', `/menu/categories/${cat.id}`); await expectNewEtag();
    const latest = (await etagOf())!;
    expect((await t.api('GET', '/menu', { token: r.ownerToken, headers: { 'if-none-match': `"x", ${latest}` } })).status).toBe(304);
  });

  it('serves a menu of 120 items with options as one tree, and 304 on the next load', async () => {
    const group = await made('POST', '/menu/option-groups', { name: 'Size', selection: 'single', required: true });
    for (const name of ['Small', 'Medium', 'Large']) await made('POST', `/menu/option-groups/${group.id}/options`, { name });
    const categoryIds: string[] = [];
    for (let c = 0; c < 6; c++) categoryIds.push((await made('POST', '/menu/categories', { name: `Category ${c}` })).id);
    for (let i = 0; i < 120; i++) {
      await item(categoryIds[i % 6]!, `Dish ${String(i).padStart(3, '0')}`, { sortOrder: 1000 - i, optionGroupIds: i % 2 ? [group.id] : [] });
    }
    const res = await call('GET', '/menu');
    const items = res.body.categories.flatMap((c: any) => c.items);
    expect(items).toHaveLength(120);
    expect(res.body.categories[0].items[0].name).toBe('Dish 114');
    expect(items.filter((i: any) => i.optionGroups.length === 1 && i.optionGroups[0].options.length === 3)).toHaveLength(60);
    const cached = await t.api('GET', '/menu', { token: r.ownerToken, headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(cached.status).toBe(304);
  });
});

describe("86'ing items and options", () => {
  it("flags an 86'd item in the tree, announces it, and brings it back; repeating a call changes nothing", async () => {
    const events: DomainEvent[] = [];
    t.box.deps.bus.subscribe((e) => events.push(e));
    const cat = await made('POST', '/menu/categories', { name: 'Mains' });
    const fish = await item(cat.id, 'Fish of the day');
    const off = await made('POST', `/menu/items/${fish.id}/availability`, { available: false });
    expect(off).toMatchObject({ available: false, version: 2 });
    expect((await call('GET', '/menu')).body.categories[0].items[0].available).toBe(false);
    expect(events).toContainEqual({ type: 'menu.availability', data: { itemId: fish.id, available: false } });
    const menuVersion = (await call('GET', '/menu')).body.menuVersion;
    expect(events.at(-1)).toEqual({ type: 'menu.updated', data: { menuVersion } });

    const before = dumpDatabase(t.dbFile);
    expect((await made('POST', `/menu/items/${fish.id}/availability`, { available: false })).version).toBe(2);
    expect(dumpDatabase(t.dbFile)).toBe(before);

    expect((await made('POST', `/menu/items/${fish.id}/availability`, { available: true })).available).toBe(true);
    expect(events.filter((e) => e.type === 'menu.availability').at(-1)).toEqual({ type: 'menu.availability', data: { itemId: fish.id, available: true } });
  });

  it('marks an option unavailable, and lets an option lower the price', async () => {
    const events: DomainEvent[] = [];
    t.box.deps.bus.subscribe((e) => events.push(e));
    const group = await made('POST', '/menu/option-groups', { name: 'Extras', selection: 'multi' });
    const noCheese = await made('POST', `/menu/option-groups/${group.id}/options`, { name: 'No cheese', priceDelta: -50 });
    expect(noCheese).toMatchObject({ priceDelta: -50, available: true });
    expect((await made('POST', `/menu/options/${noCheese.id}/availability`, { available: false })).available).toBe(false);
    expect(events).toContainEqual({ type: 'menu.availability', data: { optionId: noCheese.id, available: false } });
    const tree = (await call('GET', '/menu')).body;
    expect(tree.optionGroups[0].options[0]).toMatchObject({ name: 'No cheese', priceDelta: -50, available: false });
  });
});

describe('editing the menu', () => {
  it('a retried create with the same id returns the first result; the same id with a different body is refused', async () => {
    const id = uuid();
    const first = await call('POST', '/menu/categories', { id, name: 'Mains' });
    const retry = await call('POST', '/menu/categories', { id, name: 'Mains' });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    const clash = await call('POST', '/menu/categories', { id, name: 'Desserts' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const itemId = uuid();
    const body = { id: itemId, categoryId: id, name: 'Burger', price: 1450, taxRateBp: 1000, station: 'grill', tags: ['beef'] };
    expect((await call('POST', '/menu/items', body)).status).toBe(201);
    const before = dumpDatabase(t.dbFile);
    expect((await call('POST', '/menu/items', body)).body).toMatchObject({ id: itemId, version: 1 });
    expect((await call('POST', '/menu/items', { ...body, price: 1500 })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(before);

    const groupId = uuid();
    expect((await call('POST', '/menu/option-groups', { id: groupId, name: 'Size', selection: 'single' })).status).toBe(201);
    expect((await call('POST', '/menu/option-groups', { id: groupId, name: 'Size', selection: 'single' })).status).toBe(201);
    expect((await call('POST', '/menu/option-groups', { id: groupId, name: 'Size', selection: 'multi' })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const optionId = uuid();
    expect((await call('POST', `/menu/option-groups/${groupId}/options`, { id: optionId, name: 'Large', priceDelta: 100 })).status).toBe(201);
    expect((await call('POST', `/menu/option-groups/${groupId}/options`, { id: optionId, name: 'Large', priceDelta: 100 })).status).toBe(201);
    expect((await call('POST', `/menu/option-groups/${groupId}/options`, { id: optionId, name: 'Large', priceDelta: 150 })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await call('GET', '/menu')).body.optionGroups[0].options).toHaveLength(1);
  });

  it('refuses a second category, item, group or option with the same name in its scope, ignoring case', async () => {
    const mains = await made('POST', '/menu/categories', { name: 'Mains' });
    const dup = await call('POST', '/menu/categories', { name: 'mains' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'DUPLICATE', details: { existingId: mains.id } });
    expect(dup.body.error.message).toContain('"Mains"');

    const drinks = await made('POST', '/menu/categories', { name: 'Drinks' });
    await item(mains.id, 'Lemonade');
    expect((await call('POST', '/menu/items', { categoryId: drinks.id, name: 'Lemonade', price: 300, taxRateBp: 550, station: 'bar' })).status).toBe(201);
    expect((await call('POST', '/menu/items', { categoryId: mains.id, name: 'LEMONADE', price: 300, taxRateBp: 550, station: 'bar' })).body.error.code).toBe('DUPLICATE');
    expect((await call('PATCH', `/menu/categories/${drinks.id}`, { name: 'MAINS' })).body.error.code).toBe('DUPLICATE');

    const size = await made('POST', '/menu/option-groups', { name: 'Size', selection: 'single' });
    expect((await call('POST', '/menu/option-groups', { name: 'size', selection: 'multi' })).body.error.code).toBe('DUPLICATE');
    await made('POST', `/menu/option-groups/${size.id}/options`, { name: 'Large' });
    expect((await call('POST', `/menu/option-groups/${size.id}/options`, { name: 'large' })).body.error.code).toBe('DUPLICATE');
  });

  it('refuses an edit made on a stale copy with VERSION_CONFLICT and the current version', async () => {
    const cat = await made('POST', '/menu/categories', { name: 'Mains' });
    const burger = await item(cat.id, 'Burger');
    await made('PATCH', `/menu/items/${burger.id}`, { price: 1500, expectedVersion: 1 });
    const before = dumpDatabase(t.dbFile);
    const stale = await call('PATCH', `/menu/items/${burger.id}`, { price: 1600, expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect((await call('DELETE', `/menu/items/${burger.id}?expectedVersion=1`)).body.error.code).toBe('VERSION_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('writes an audit row with the old and new price when a price changes', async () => {
    const cat = await made('POST', '/menu/categories', { name: 'Mains' });
    const burger = await item(cat.id, 'Burger', { price: 1450 });
    await made('PATCH', `/menu/items/${burger.id}`, { price: 1550 });
    const rows = t.box.deps.db.$client.prepare("select * from audit_log where action = 'menu.price_changed'").all() as any[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: 'menu_item', entity_id: burger.id, staff_id: r.ownerId });
    expect(JSON.parse(rows[0].details)).toMatchObject({ oldPrice: 1450, newPrice: 1550 });
  });

  it('queues every change for the cloud under its entity name, links as item:group', async () => {
    const cat = await made('POST', '/menu/categories', { name: 'Mains' });
    const group = await made('POST', '/menu/option-groups', { name: 'Cooking', selection: 'single' });
    const option = await made('POST', `/menu/option-groups/${group.id}/options`, { name: 'Rare' });
    const burger = await item(cat.id, 'Burger', { optionGroupIds: [group.id] });
    await made('PUT', `/menu/items/${burger.id}/option-groups`, { groupIds: [] });
    const log = t.box.deps.db.$client.prepare('select entity, entity_id, op, row_version from change_log order by seq').all() as any[];
    const menuRows = log.filter((l) => ['category', 'menu_item', 'option_group', 'option', 'item_option_group'].includes(l.entity));
    expect(menuRows).toEqual([
      { entity: 'category', entity_id: cat.id, op: 'upsert', row_version: 1 },
      { entity: 'option_group', entity_id: group.id, op: 'upsert', row_version: 1 },
      { entity: 'option', entity_id: option.id, op: 'upsert', row_version: 1 },
      { entity: 'menu_item', entity_id: burger.id, op: 'upsert', row_version: 1 },
      { entity: 'item_option_group', entity_id: `${burger.id}:${group.id}`, op: 'upsert', row_version: 1 },
      { entity: 'menu_item', entity_id: burger.id, op: 'upsert', row_version: 2 },
      { entity: 'item_option_group', entity_id: `${burger.id}:${group.id}`, op: 'delete', row_version: 2 },
    ]);
  });

  it('lets waiters read the menu but not change it', async () => {
    const waiter = await r.signInAs('waiter');
    expect((await call('GET', '/menu', undefined, waiter.token)).status).toBe(200);
    const denied = await call('POST', '/menu/categories', { name: 'Mains' }, waiter.token);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect((await t.api('GET', '/menu')).status).toBe(401);
  });
});
