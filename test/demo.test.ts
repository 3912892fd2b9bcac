import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBox, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { seedDemo } from '../scripts/demo.js';

let t: TestBox;
beforeEach(async () => { t = await startTestBox(); });
afterEach(async () => { await t.close(); });

describe('npm run demo', () => {
  it('seeds a full bistro: menu with option groups, two rooms of tables and one person per role', async () => {
    const seed = await seedDemo(t.url);
    expect(seed.seeded).toBe(true);
    const token = seed.ownerToken!;

    const menu = await t.api('GET', '/menu', { token });
    expect(menu.status).toBe(200);
    const items = menu.body.categories.flatMap((c: { items: Array<{ name: string; price: number; optionGroups: unknown[] }> }) => c.items);
    expect(menu.body.categories.length).toBeGreaterThanOrEqual(8);
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(menu.body.optionGroups.length).toBeGreaterThanOrEqual(5);
    expect(items.filter((i: { optionGroups: unknown[] }) => i.optionGroups.length > 0).length).toBeGreaterThanOrEqual(20);
    expect(items.find((i: { name: string }) => i.name === 'Crème brûlée')?.price).toBe(850);
    const steak = items.find((i: { name: string }) => i.name === 'Steak frites');
    expect(steak.optionGroups.map((g: { name: string }) => g.name)).toEqual(['Cuisson', 'Sauce', 'Accompagnement']);

    const areas = await t.api('GET', '/areas', { token });
    expect(areas.body.map((a: { name: string }) => a.name)).toEqual(['Salle', 'Terrasse']);
    const tables = await t.api('GET', '/tables', { token });
    expect(tables.body).toHaveLength(20);
    const perArea = areas.body.map((a: { id: string }) => tables.body.filter((x: { areaId: string }) => x.areaId === a.id).length);
    expect(perArea).toEqual([12, 8]);

    const ingredients = (await t.api('GET', '/stock/ingredients', { token })).body;
    expect(ingredients.find((i: { name: string }) => i.name === 'Bœuf haché')).toMatchObject({ baseUnit: 'g', onHand: 8_000_000 });
    const recipes = (await t.api('GET', '/stock/recipes', { token })).body;
    expect(recipes.filter((l: { menuItemId: string | null }) => l.menuItemId).length).toBeGreaterThanOrEqual(20);
    expect(recipes.some((l: { optionId: string | null; quantity: number }) => l.optionId && l.quantity < 0)).toBe(true);
    expect(recipes.filter((l: { prepId: string | null }) => l.prepId).length).toBeGreaterThanOrEqual(6);
    const orderable = (await t.api('GET', '/menu', { token })).body.categories.flatMap((c: { items: Array<{ stockOut: boolean }> }) => c.items);
    expect(orderable.filter((i: { stockOut: boolean }) => i.stockOut)).toEqual([]);

    const staff = await t.api('GET', '/staff', { token });
    expect(staff.body.map((s: { role: string }) => s.role).sort()).toEqual(['host', 'kitchen', 'manager', 'owner', 'waiter']);
  });

  it('leaves a box that is already set up untouched', async () => {
    await seedDemo(t.url);
    const before = dumpDatabase(t.dbFile);
    expect((await seedDemo(t.url)).seeded).toBe(false);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });
});
