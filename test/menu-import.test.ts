import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';

let t: TestBox;
let r: Restaurant;
const boxes: TestBox[] = [];
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); boxes.push(t); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });

async function made(box: TestBox, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await box.api(method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const csvImport = (box: TestBox, token: string, csv: string, query = '') =>
  box.api('POST', `/menu/import${query}`, { token, raw: csv, headers: { 'content-type': 'text/csv' } });
const jsonImport = (box: TestBox, token: string, doc: unknown, query = '') => box.api('POST', `/menu/import${query}`, { token, body: doc });

/** The tree without ids and versions: what a guest would see, to compare two boxes. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !['id', 'categoryId', 'groupId', 'version', 'menuVersion'].includes(k)).map(([k, v]) => [k, shape(v)]));
  }
  return value;
}

/** A small menu with the awkward cases: commas, quotes, line breaks, emoji, accents, negative deltas, 86'd rows. */
async function buildMenu(box: TestBox, token: string): Promise<void> {
  const m = (method: string, path: string, body?: unknown) => made(box, token, method, path, body);
  const starters = await m('POST', '/menu/categories', { name: 'Entrées, froides' });
  const mains = await m('POST', '/menu/categories', { name: 'Plats 🍽️' });
  const cooking = await m('POST', '/menu/option-groups', { name: 'Cuisson', selection: 'single', required: true });
  const extras = await m('POST', '/menu/option-groups', { name: 'Extras', selection: 'multi', maxSelect: 2 });
  await m('POST', `/menu/option-groups/${cooking.id}/options`, { name: 'Saignant' });
  await m('POST', `/menu/option-groups/${cooking.id}/options`, { name: 'À point' });
  await m('POST', `/menu/option-groups/${extras.id}/options`, { name: 'Sans fromage', priceDelta: -50 });
  const bacon = await m('POST', `/menu/option-groups/${extras.id}/options`, { name: 'Bacon "crispy"', priceDelta: 200 });
  await m('POST', `/menu/options/${bacon.id}/availability`, { available: false });
  await m('POST', '/menu/items', {
    categoryId: starters.id, name: 'Œuf mayo', description: 'Deux œufs, mayonnaise maison,\nciboulette — "le classique" 🥚', price: 650,
    taxRateBp: 1000, station: 'cold', tags: ['végétarien', 'classic, french'], allergens: ['egg', 'mustard'],
  });
  await m('POST', '/menu/items', {
    categoryId: mains.id, name: 'Burger, le vrai', price: 1450, taxRateBp: 1000, station: 'grill', optionGroupIds: [extras.id, cooking.id],
    imageUrl: 'https://img.example/burger.jpg?size=large&q=80',
  });
  const fish = await m('POST', '/menu/items', { categoryId: mains.id, name: 'Poisson du jour', price: 2100, taxRateBp: 550, station: 'grill', sortOrder: 7 });
  await m('POST', `/menu/items/${fish.id}/availability`, { available: false });
}

describe('exporting and importing back', () => {
  it('importing the CSV export back changes nothing at all', async () => {
    await buildMenu(t, r.ownerToken);
    const csv = await t.api('GET', '/menu/export?format=csv', { token: r.ownerToken });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const before = dumpDatabase(t.dbFile);
    const res = await csvImport(t, r.ownerToken, csv.body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: false, items: { created: 0, updated: 0, unchanged: 3 }, options: { unchanged: 4 } });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('importing the JSON export back changes nothing at all', async () => {
    await buildMenu(t, r.ownerToken);
    const doc = (await t.api('GET', '/menu/export?format=json', { token: r.ownerToken })).body;
    const before = dumpDatabase(t.dbFile);
    const res = await jsonImport(t, r.ownerToken, doc);
    expect(res.body).toMatchObject({ format: 'json', changed: false });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('a JSON export imported into a fresh box reproduces the same tree', async () => {
    await buildMenu(t, r.ownerToken);
    const doc = (await t.api('GET', '/menu/export', { token: r.ownerToken })).body;
    const fresh = await startTestBox();
    boxes.push(fresh);
    const owner = (await setUpRestaurant(fresh)).ownerToken;
    const res = await jsonImport(fresh, owner, doc);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ changed: true, categories: { created: 2 }, items: { created: 3 }, optionGroups: { created: 2 }, options: { created: 4 } });
    const original = (await t.api('GET', '/menu', { token: r.ownerToken })).body;
    const copy = (await fresh.api('GET', '/menu', { token: owner })).body;
    expect(shape(copy)).toEqual(shape(original));
  });

  it('keeps quoted commas, line breaks, quotes, emoji and accents through a CSV round trip into a fresh box', async () => {
    await buildMenu(t, r.ownerToken);
    const csv: string = (await t.api('GET', '/menu/export?format=csv', { token: r.ownerToken })).body;
    expect(csv).toContain('"Deux œufs, mayonnaise maison,\nciboulette — ""le classique"" 🥚"');
    const fresh = await startTestBox();
    boxes.push(fresh);
    const owner = (await setUpRestaurant(fresh)).ownerToken;
    expect((await csvImport(fresh, owner, csv)).status).toBe(200);
    const copy = (await fresh.api('GET', '/menu', { token: owner })).body;
    const egg = copy.categories[0].items[0];
    expect(egg).toMatchObject({ name: 'Œuf mayo', description: 'Deux œufs, mayonnaise maison,\nciboulette — "le classique" 🥚', tags: ['végétarien', 'classic, french'] });
    expect(shape(copy)).toEqual(shape((await t.api('GET', '/menu', { token: r.ownerToken })).body));
  });

  it('imports a 150-item sheet in one go and serves it as one tree', async () => {
    const header = 'kind,category,group,name,price,tax_rate,station,option_groups,selection';
    const rows = [header, 'group,,,Size,,,,,single', 'option,,Size,Small,0,,,,', 'option,,Size,Large,1.5,,,,'];
    for (let c = 0; c < 5; c++) rows.push(`category,,,Section ${c},,,,,`);
    for (let i = 0; i < 150; i++) rows.push(`item,Section ${i % 5},,Dish ${i},${((i + 1) / 2).toFixed(2)},10,grill,${i % 3 ? 'Size' : ''},`);
    const res = await csvImport(t, r.ownerToken, rows.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body.items.created).toBe(150);
    const tree = (await t.api('GET', '/menu', { token: r.ownerToken })).body;
    const items = tree.categories.flatMap((c: any) => c.items);
    expect(items).toHaveLength(150);
    expect(items.find((i: any) => i.name === 'Dish 0')).toMatchObject({ price: 50, taxRateBp: 1000, sortOrder: 0, optionGroups: [] });
    expect(items.find((i: any) => i.name === 'Dish 4').optionGroups[0].options.map((o: any) => o.priceDelta)).toEqual([0, 150]);
  });
});

describe('editing the exported sheet', () => {
  it('a price edited in the sheet updates that item only, bumps the menu version and is audited', async () => {
    await buildMenu(t, r.ownerToken);
    const csv: string = (await t.api('GET', '/menu/export?format=csv', { token: r.ownerToken })).body;
    const before = (await t.api('GET', '/menu', { token: r.ownerToken })).body;
    const edited = csv.replace(',14.50,10,grill,', ',15.90,10,grill,');
    const res = await csvImport(t, r.ownerToken, edited);
    expect(res.body).toMatchObject({ changed: true, items: { updated: 1, unchanged: 2, created: 0 }, menuVersion: before.menuVersion + 1 });
    const burger = (await t.api('GET', '/menu', { token: r.ownerToken })).body.categories[1].items[0];
    expect(burger).toMatchObject({ name: 'Burger, le vrai', price: 1590, version: 2 });
    const audit = t.box.deps.db.$client.prepare("select details from audit_log where action = 'menu.price_changed'").all() as any[];
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ name: 'Burger, le vrai', oldPrice: 1450, newPrice: 1590 }]);
  });

  it('replace mode marks items and options missing from the file unavailable, and keeps them', async () => {
    await buildMenu(t, r.ownerToken);
    const csv: string = (await t.api('GET', '/menu/export?format=csv', { token: r.ownerToken })).body;
    const without = csv.split('\r\n').filter((l) => !l.startsWith('item,"Entrées, froides",,Œuf mayo') && !l.startsWith('option,,Cuisson,Saignant')).join('\r\n');
    const merged = await csvImport(t, r.ownerToken, without);
    expect(merged.body.changed).toBe(false);
    const replaced = await csvImport(t, r.ownerToken, without, '?mode=replace');
    expect(replaced.body).toMatchObject({ mode: 'replace', items: { madeUnavailable: 1 }, options: { madeUnavailable: 1 } });
    const tree = (await t.api('GET', '/menu', { token: r.ownerToken })).body;
    expect(tree.categories[0].items[0]).toMatchObject({ name: 'Œuf mayo', available: false });
    expect(tree.optionGroups[0].options[0]).toMatchObject({ name: 'Saignant', available: false });
  });

  it('reads a hand-written sheet with CRLF, a byte-order mark, columns in any order and defaults left empty', async () => {
    const csv = '\uFEFFName,Kind,Price,Category,Tax_Rate,Station,Selection,Required,Group\r\n'
      + 'Drinks,category,,,,,,,\r\n'
      + 'Espresso,item,2.2,Drinks,5.5%,Bar,,,\r\n'
      + 'Milk,group,,,,,single,yes,\r\n'
      + 'Oat,option,0.40,,,,,,Milk\r\n';
    const res = await csvImport(t, r.ownerToken, csv);
    expect(res.status).toBe(200);
    const tree = (await t.api('GET', '/menu', { token: r.ownerToken })).body;
    expect(tree.categories[0].items[0]).toMatchObject({ name: 'Espresso', price: 220, taxRateBp: 550, station: 'bar', available: true, description: '', tags: [] });
    expect(tree.optionGroups[0]).toMatchObject({ name: 'Milk', selection: 'single', required: true, minSelect: 1, maxSelect: 1 });
    expect(tree.optionGroups[0].options[0]).toMatchObject({ name: 'Oat', priceDelta: 40 });
  });
});

describe('refusing bad files', () => {
  it('a CSV with several bad rows lists every line with its reason, and writes nothing', async () => {
    await buildMenu(t, r.ownerToken);
    const csv = [
      'kind,category,group,name,price,tax_rate,station,option_groups,selection,max',
      'category,,,Desserts,,,,,,',
      'item,Desserts,,Tarte,"8,50",10,pastry,,,',
      'item,Desserts,,Mousse,7.00,ten,pastry,,,',
      'item,Dessert,,Glace,5.00,10,pastry,,,',
      'item,Desserts,,Crêpe,6.00,10,pastry,Toppings,,',
      'item,Desserts,,crêpe,6.00,10,pastry,,,',
      'dish,Desserts,,Flan,4.00,10,pastry,,,',
      'group,,,Sauce,,,,,single,3',
      'option,,Sirops,Fraise,0.50,,,,,',
      'item,Desserts,,"Good one",4.00,10,pastry,,,',
    ].join('\n');
    const before = dumpDatabase(t.dbFile);
    const res = await csvImport(t, r.ownerToken, csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    const details: Array<{ line: number; field?: string; reason: string }> = res.body.error.details;
    expect(details.map((d) => [d.line, d.field])).toEqual([
      [3, 'price'], [4, 'tax_rate'], [5, 'category'], [6, 'option_groups'], [7, 'name'], [8, 'kind'], [9, 'max'], [10, 'group'],
    ]);
    expect(details[0]!.reason).toMatch(/dot/);
    expect(details[4]!.reason).toMatch(/listed twice \(first at line 6\)/);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('a JSON file with bad rows lists each path, and writes nothing', async () => {
    const before = dumpDatabase(t.dbFile);
    const res = await jsonImport(t, r.ownerToken, {
      currency: 'EUR',
      categories: [
        { name: 'Mains', items: [{ name: 'Burger', price: -5, taxRateBp: 1000, station: 'grill' }, { name: 'Steak', price: 2400, taxRateBp: 1000, station: 'grill', optionGroups: ['Nope'] }] },
        { name: '', items: [] },
      ],
      optionGroups: [{ name: 'Size', selection: 'single', maxSelect: 2, options: [{ name: 'Big', priceDelta: 'lots' }] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => [d.path, d.field])).toEqual([
      ['categories[0].items[0]', 'price'], ['categories[0].items[1]', 'optionGroups'], ['categories[1]', 'name'],
      ['optionGroups[0]', 'maxSelect'], ['optionGroups[0].options[0]', 'priceDelta'],
    ]);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('refuses a JSON menu priced in another currency, and a body that is not JSON', async () => {
    const res = await jsonImport(t, r.ownerToken, { currency: 'USD', categories: [] });
    expect(res.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: [{ path: 'currency' }] });
    const broken = await t.api('POST', '/menu/import', { token: r.ownerToken, raw: '{"categories": [', headers: { 'content-type': 'application/json' } });
    expect(broken.body.error.code).toBe('MALFORMED_JSON');
    const unclosed = await csvImport(t, r.ownerToken, 'kind,name\ncategory,"Mains\n');
    expect(unclosed.body.error).toMatchObject({ code: 'IMPORT_INVALID', details: [{ line: 2 }] });
  });

  it('lets only managers import', async () => {
    const waiter = await r.signInAs('waiter');
    const res = await csvImport(t, waiter.token, 'kind,name\ncategory,Mains\n');
    expect(res.status).toBe(403);
  });
});
