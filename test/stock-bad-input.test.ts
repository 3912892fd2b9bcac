import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { receiveAll, seedPantry, stockApi, type Pantry } from './helpers/stock.js';
import { dumpDatabase } from './helpers/db-dump.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let p: Pantry;
let prepA: string;
let prepB: string;
let firedOrder: { id: string; lineId: string };
beforeAll(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  p = await seedPantry(r, b);
  await receiveAll(r, [[p.cola, 5, 'l']]);
  prepA = (await stockApi(r, 'POST', '/stock/ingredients', { name: 'Stock base', unit: 'l', kind: 'prep', batchQuantity: 1 })).id;
  prepB = (await stockApi(r, 'POST', '/stock/ingredients', { name: 'Demi-glace', unit: 'l', kind: 'prep', batchQuantity: 1 })).id;
  await stockApi(r, 'PUT', `/stock/recipes/preps/${prepA}`, { lines: [{ ingredientId: prepB, quantity: 100, unit: 'ml' }] });
  const o = await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
  await stockApi(r, 'POST', `/orders/${o.id}/fire`, {});
  firedOrder = { id: o.id, lineId: o.lines[0].id };
}, 60_000);
afterAll(async () => { await t.close(); });

type Case = [string, string, string, () => unknown, number, string];
const CASES: Case[] = [
  ['a negative receipt', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: -2, unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['a receipt of zero', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: 0, unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['a receipt that rounds to nothing', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: 0.0000001, unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['a receipt in an unknown unit', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: 2, unit: 'gallon' }), 400, 'UNKNOWN_UNIT'],
  ['a receipt in kg of something counted in ml', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: 2, unit: 'kg' }), 422, 'INCOMPATIBLE_UNITS'],
  ['a receipt of an unknown ingredient', 'POST', '/stock/receipts', () => ({ ingredientId: newId(), quantity: 2, unit: 'l' }), 404, 'NOT_FOUND'],
  ['a receipt with a string quantity', 'POST', '/stock/receipts', () => ({ ingredientId: p.cola, quantity: '2', unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['waste without a reason', 'POST', '/stock/waste', () => ({ ingredientId: p.cola, quantity: 1, unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['negative waste', 'POST', '/stock/waste', () => ({ ingredientId: p.cola, quantity: -1, unit: 'l', reason: 'x' }), 400, 'VALIDATION_FAILED'],
  ['a transfer without a location', 'POST', '/stock/transfers', () => ({ ingredientId: p.cola, quantity: 1, unit: 'l', direction: 'out' }), 400, 'VALIDATION_FAILED'],
  ['a transfer sideways', 'POST', '/stock/transfers', () => ({ ingredientId: p.cola, quantity: 1, unit: 'l', direction: 'up', location: 'Nord' }), 400, 'VALIDATION_FAILED'],
  ['a negative count', 'POST', '/stock/counts', () => ({ ingredientId: p.cola, counted: -1, unit: 'l', expectedVersion: 2 }), 400, 'VALIDATION_FAILED'],
  ['a count in pieces of a liquid', 'POST', '/stock/counts', () => ({ ingredientId: p.cola, counted: 3, unit: 'piece', expectedVersion: 2 }), 422, 'INCOMPATIBLE_UNITS'],
  ['a count against an old version', 'POST', '/stock/counts', () => ({ ingredientId: p.cola, counted: 3, unit: 'l', expectedVersion: 1 }), 409, 'VERSION_CONFLICT'],
  ['an adjustment of zero', 'POST', '/stock/adjustments', () => ({ ingredientId: p.cola, quantity: 0, unit: 'l', reason: 'x' }), 400, 'VALIDATION_FAILED'],
  ['an adjustment without a reason', 'POST', '/stock/adjustments', () => ({ ingredientId: p.cola, quantity: 1, unit: 'l' }), 400, 'VALIDATION_FAILED'],
  ['an ingredient in an unknown unit', 'POST', '/stock/ingredients', () => ({ name: 'Saffron', unit: 'pinch' }), 400, 'UNKNOWN_UNIT'],
  ['an ingredient named like another', 'POST', '/stock/ingredients', () => ({ name: 'cola', unit: 'l' }), 409, 'DUPLICATE'],
  ['a prep item without a batch size', 'POST', '/stock/ingredients', () => ({ name: 'Pesto', unit: 'kg', kind: 'prep' }), 400, 'VALIDATION_FAILED'],
  ['a negative threshold', 'POST', '/stock/ingredients', () => ({ name: 'Pesto', unit: 'kg', lowThreshold: -1 }), 400, 'VALIDATION_FAILED'],
  ['changing a liquid to kg', 'PATCH', '/stock/ingredients/{cola}', () => ({ unit: 'kg' }), 422, 'INCOMPATIBLE_UNITS'],
  ['editing an unknown ingredient', 'PATCH', `/stock/ingredients/${newId()}`, () => ({ supplier: 'X' }), 404, 'NOT_FOUND'],
  ['a recipe in an incompatible unit', 'PUT', '/stock/recipes/items/{soda}', () => ({ lines: [{ ingredientId: p.cola, quantity: 33, unit: 'g' }] }), 422, 'INCOMPATIBLE_UNITS'],
  ['a recipe in an unknown unit', 'PUT', '/stock/recipes/items/{soda}', () => ({ lines: [{ ingredientId: p.cola, quantity: 33, unit: 'glass' }] }), 400, 'UNKNOWN_UNIT'],
  ['a dish recipe removing something', 'PUT', '/stock/recipes/items/{soda}', () => ({ lines: [{ ingredientId: p.cola, quantity: -33, unit: 'cl' }] }), 400, 'VALIDATION_FAILED'],
  ['a recipe naming an ingredient twice', 'PUT', '/stock/recipes/items/{soda}', () => ({ lines: [{ ingredientId: p.cola, quantity: 1, unit: 'cl' }, { ingredientId: p.cola, quantity: 2, unit: 'cl' }] }), 400, 'VALIDATION_FAILED'],
  ['a recipe with an unknown ingredient', 'PUT', '/stock/recipes/items/{soda}', () => ({ lines: [{ ingredientId: newId(), quantity: 1, unit: 'cl' }] }), 404, 'NOT_FOUND'],
  ['a recipe for an unknown item', 'PUT', `/stock/recipes/items/${newId()}`, () => ({ lines: [] }), 404, 'NOT_FOUND'],
  ['a recipe for an unknown option', 'PUT', `/stock/recipes/options/${newId()}`, () => ({ lines: [] }), 404, 'NOT_FOUND'],
  ['a prep recipe on a raw ingredient', 'PUT', '/stock/recipes/preps/{cola}', () => ({ lines: [{ ingredientId: p.mayo, quantity: 1, unit: 'g' }] }), 400, 'VALIDATION_FAILED'],
  ['a prep item made of itself', 'PUT', '/stock/recipes/preps/{prepA}', () => ({ lines: [{ ingredientId: prepA, quantity: 1, unit: 'l' }] }), 422, 'RECIPE_CYCLE'],
  ['a cycle through another prep item', 'PUT', '/stock/recipes/preps/{prepB}', () => ({ lines: [{ ingredientId: prepA, quantity: 50, unit: 'ml' }] }), 422, 'RECIPE_CYCLE'],
  ['a report with the days reversed', 'GET', '/stock/reports/usage?from=2026-12-01&to=2026-11-01', () => undefined, 400, 'VALIDATION_FAILED'],
  ['a report with a bad day', 'GET', '/stock/reports/waste?from=yesterday&to=2026-11-01', () => undefined, 400, 'VALIDATION_FAILED'],
  ['a void with an unknown stock choice', 'POST', '/orders/{order}/lines/{line}/void', () => ({ reason: 'x', stock: 'eat it' }), 400, 'VALIDATION_FAILED'],
];

describe('bad input to the stock routes', () => {
  it.each(CASES)('%s is refused (%s %s) and writes nothing', async (_name, method, rawPath, body, status, code) => {
    const path = rawPath.replace('{cola}', p.cola).replace('{soda}', b.items.soda).replace('{prepA}', prepA).replace('{prepB}', prepB)
      .replace('{order}', firedOrder.id).replace('{line}', firedOrder.lineId);
    const before = dumpDatabase(t.dbFile);
    const res = await t.api(method, path, { token: r.ownerToken, body: body() });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(res.body.error.message.length).toBeGreaterThan(10);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('the cycle error names the path through the prep items', async () => {
    const res = await t.api('PUT', `/stock/recipes/preps/${prepB}`, { token: r.ownerToken, body: { lines: [{ ingredientId: prepA, quantity: 50, unit: 'ml' }] } });
    expect(res.body.error.message).toContain('Demi-glace → Stock base → Demi-glace');
  });
});
