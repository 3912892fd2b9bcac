import { v7 as uuid } from 'uuid';
import type { Restaurant } from './box.js';

/** A small bistro built through the real API: what most order and payment tests start from. */
export interface Bistro {
  tables: { t1: string; t2: string; t3: string; t4: string };
  items: { burger: string; steak: string; soda: string; tart: string };
  options: { rare: string; medium: string; wellDone: string; cheese: string; bacon: string; egg: string; fries: string; salad: string };
  groups: { cooking: string; extras: string; side: string };
}

async function post(r: Restaurant, path: string, body: unknown): Promise<string> {
  const res = await r.t.api('POST', path, { token: r.ownerToken, body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function seedBistro(r: Restaurant): Promise<Bistro> {
  const area = await post(r, '/areas', { name: 'Main room' });
  const tables = {
    t1: await post(r, '/tables', { areaId: area, label: 'T1', capacity: 4, shape: 'square' }),
    t2: await post(r, '/tables', { areaId: area, label: 'T2', capacity: 4, shape: 'square' }),
    t3: await post(r, '/tables', { areaId: area, label: 'T3', capacity: 2, shape: 'round' }),
    t4: await post(r, '/tables', { areaId: area, label: 'T4', capacity: 6, shape: 'rect' }),
  };
  const mains = await post(r, '/menu/categories', { name: 'Mains' });
  const drinks = await post(r, '/menu/categories', { name: 'Drinks' });
  const desserts = await post(r, '/menu/categories', { name: 'Desserts' });
  const cooking = await post(r, '/menu/option-groups', { name: 'Cooking', selection: 'single', required: true });
  const extras = await post(r, '/menu/option-groups', { name: 'Extras', selection: 'multi', maxSelect: 3 });
  const side = await post(r, '/menu/option-groups', { name: 'Side', selection: 'single', required: true });
  const option = (group: string, name: string, priceDelta = 0) => post(r, `/menu/option-groups/${group}/options`, { name, priceDelta });
  const options = {
    rare: await option(cooking, 'Rare'), medium: await option(cooking, 'Medium'), wellDone: await option(cooking, 'Well done'),
    cheese: await option(extras, 'Cheese', 150), bacon: await option(extras, 'Bacon', 200), egg: await option(extras, 'Egg', 100),
    fries: await option(side, 'Fries'), salad: await option(side, 'Salad'),
  };
  const items = {
    burger: await post(r, '/menu/items', { categoryId: mains, name: 'Burger', price: 1450, taxRateBp: 1000, station: 'grill', optionGroupIds: [cooking, extras, side] }),
    steak: await post(r, '/menu/items', { categoryId: mains, name: 'Steak frites', price: 2400, taxRateBp: 1000, station: 'grill', optionGroupIds: [cooking, side] }),
    soda: await post(r, '/menu/items', { categoryId: drinks, name: 'Soda', price: 350, taxRateBp: 550, station: 'bar' }),
    tart: await post(r, '/menu/items', { categoryId: desserts, name: 'Tarte Tatin', price: 800, taxRateBp: 1000, station: 'pastry' }),
  };
  return { tables, items, options, groups: { cooking, extras, side } };
}

/** A burger, medium, cheese + bacon, fries, on `seat`. */
export function burgerLine(b: Bistro, extra: { seat?: number; course?: number; quantity?: number; id?: string } = {}) {
  return { id: extra.id ?? uuid(), itemId: b.items.burger, quantity: extra.quantity ?? 1, optionIds: [b.options.medium, b.options.cheese, b.options.bacon, b.options.fries], seat: extra.seat ?? 1, course: extra.course ?? 1 };
}

export const newId = (): string => uuid();
