import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { receiveAll, seedPantry, stockApi } from './helpers/stock.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); });
afterEach(async () => { await t.close(); });

/** The tree as a tablet loads it, checked against its own ETag: one snapshot labels both. */
async function loadMenu(token = r.ownerToken): Promise<any> {
  const res = await t.api('GET', '/menu', { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('etag')).toBe(`W/"menu-${res.body.menuVersion}"`);
  return res.body;
}
const itemIn = (tree: any, id: string) => tree.categories.flatMap((c: any) => c.items).find((i: any) => i.id === id);

/** A GET with no client-side decoding: the bytes and headers exactly as the box sent them. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(t.url + path, { headers: { authorization: `Bearer ${r.ownerToken}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the menu tree served from its per-version cache', () => {
  it('shows every kind of change on the next load: a price edit, an 86, a stock-out and an import', async () => {
    const p = await seedPantry(r, b);
    await receiveAll(r, [[p.cola, 50, 'cl']]);
    const before = await loadMenu();
    expect(itemIn(before, b.items.burger).price).toBe(1450);

    await stockApi(r, 'PATCH', `/menu/items/${b.items.burger}`, { price: 1550 });
    const priced = await loadMenu();
    expect(itemIn(priced, b.items.burger).price).toBe(1550);
    expect(priced.menuVersion).toBeGreaterThan(before.menuVersion);

    await stockApi(r, 'POST', `/menu/items/${b.items.steak}/availability`, { available: false });
    expect(itemIn(await loadMenu(), b.items.steak).available).toBe(false);

    await stockApi(r, 'POST', `/menu/options/${b.options.bacon}/availability`, { available: false });
    const bacon = itemIn(await loadMenu(), b.items.burger).optionGroups.flatMap((g: any) => g.options).find((o: any) => o.id === b.options.bacon);
    expect(bacon.available).toBe(false);

    // 50 cl of cola, 33 cl a soda: after one soda the next cannot be poured, and the tree says so.
    expect(itemIn(await loadMenu(), b.items.soda).stockOut).toBe(false);
    const order = await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await stockApi(r, 'POST', `/orders/${order.id}/fire`, {});
    expect(itemIn(await loadMenu(), b.items.soda)).toMatchObject({ available: true, stockOut: true });

    const exported = (await t.api('GET', '/menu/export?format=json', { token: r.ownerToken })).body;
    const soda = exported.categories.flatMap((c: any) => c.items).find((i: any) => i.name === 'Soda');
    soda.price = 420;
    expect((await stockApi(r, 'POST', '/menu/import', exported)).changed).toBe(true);
    expect(itemIn(await loadMenu(), b.items.soda).price).toBe(420);
  });

  it('gives every role allowed to read the menu the same tree', async () => {
    const waiter = await r.signInAs('waiter');
    expect(await loadMenu(waiter.token)).toEqual(await loadMenu(r.ownerToken));
  });

  it('sends the tree gzipped to a client that accepts gzip, and the same JSON plainly to one that does not', async () => {
    const plain = await rawGet('/menu', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const zipped = await rawGet('/menu', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
    expect(JSON.parse(plain.bytes.toString('utf8')).menuVersion).toBeGreaterThan(1);
    const refused = await rawGet('/menu', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.bytes.equals(plain.bytes)).toBe(true);
  });
});
