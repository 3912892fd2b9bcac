/** Stock fixtures built through the real API on top of the bistro: ingredients, a prep sauce and recipes. */
import { expect } from 'vitest';
import type { Restaurant } from './box.js';
import type { Bistro } from './fixtures.js';

export interface Pantry {
  beef: string; bun: string; cheddar: string; bacon: string; potato: string; onion: string; mayo: string; ketchup: string; sauce: string; cola: string;
  noOnion: string;
}

export async function stockApi(r: Restaurant, method: string, path: string, body?: unknown, token = r.ownerToken): Promise<any> {
  const res = await r.t.api(method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Burger: 180 g beef, 1 bun, 20 ml house sauce (a prep: 500 g mayo + 500 g ketchup make 1 l), 20 g onion.
 * Options: cheese +30 g cheddar, bacon +40 g bacon, fries +0.2 kg potato, "No onion" −20 g onion.
 * Soda: 33 cl cola. Nothing is in stock until a test receives it.
 */
export async function seedPantry(r: Restaurant, b: Bistro): Promise<Pantry> {
  const ing = async (name: string, unit: string, extra: Record<string, unknown> = {}) => (await stockApi(r, 'POST', '/stock/ingredients', { name, unit, costPerUnit: 100, ...extra })).id as string;
  const p = {
    beef: await ing('Beef mince', 'kg', { costPerUnit: 1200 }), bun: await ing('Brioche bun', 'piece', { costPerUnit: 40 }), cheddar: await ing('Cheddar', 'kg'),
    bacon: await ing('Bacon', 'kg'), potato: await ing('Potatoes', 'kg'), onion: await ing('Onion', 'kg'), mayo: await ing('Mayonnaise', 'kg'),
    ketchup: await ing('Ketchup', 'kg'), cola: await ing('Cola', 'l'),
    sauce: await ing('House sauce', 'l', { kind: 'prep', batchQuantity: 1 }),
    noOnion: (await stockApi(r, 'POST', `/menu/option-groups/${b.groups.extras}/options`, { name: 'No onion' })).id as string,
  };
  await stockApi(r, 'PUT', `/stock/recipes/preps/${p.sauce}`, { lines: [{ ingredientId: p.mayo, quantity: 500, unit: 'g' }, { ingredientId: p.ketchup, quantity: 0.5, unit: 'kg' }] });
  await stockApi(r, 'PUT', `/stock/recipes/items/${b.items.burger}`, { lines: [
    { ingredientId: p.beef, quantity: 0.18, unit: 'kg' }, { ingredientId: p.bun, quantity: 1, unit: 'piece' },
    { ingredientId: p.sauce, quantity: 2, unit: 'cl' }, { ingredientId: p.onion, quantity: 20, unit: 'g' }] });
  await stockApi(r, 'PUT', `/stock/recipes/options/${b.options.cheese}`, { lines: [{ ingredientId: p.cheddar, quantity: 30, unit: 'g' }] });
  await stockApi(r, 'PUT', `/stock/recipes/options/${b.options.bacon}`, { lines: [{ ingredientId: p.bacon, quantity: 40, unit: 'g' }] });
  await stockApi(r, 'PUT', `/stock/recipes/options/${b.options.fries}`, { lines: [{ ingredientId: p.potato, quantity: 0.2, unit: 'kg' }] });
  await stockApi(r, 'PUT', `/stock/recipes/options/${p.noOnion}`, { lines: [{ ingredientId: p.onion, quantity: -20, unit: 'g' }] });
  await stockApi(r, 'PUT', `/stock/recipes/items/${b.items.soda}`, { lines: [{ ingredientId: p.cola, quantity: 33, unit: 'cl' }] });
  return p;
}

/** Receives `quantity` `unit` of each ingredient. */
export async function receiveAll(r: Restaurant, entries: Array<[string, number, string]>): Promise<void> {
  for (const [ingredientId, quantity, unit] of entries) await stockApi(r, 'POST', '/stock/receipts', { ingredientId, quantity, unit });
}

/** On-hand per ingredient id (thousandths of the base unit). */
export async function onHand(r: Restaurant): Promise<Record<string, number>> {
  const list = await stockApi(r, 'GET', '/stock/ingredients');
  return Object.fromEntries(list.map((i: any) => [i.id, i.onHand]));
}

export function expectError(res: { status: number; body: any }, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
}
