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

describe('the demo printers', () => {
  it('route every station of the demo menu to an emulated printer, and what they receive is drawn in the terminal', async () => {
    const { startDemoPrinters } = await import('../scripts/demo-printers.js');
    const seed = await seedDemo(t.url);
    const printed: string[] = [];
    const printers = await startDemoPrinters(t.box, 0, (text) => printed.push(text));
    try {
      const routes = (await t.api('GET', '/printer-routes', { token: seed.ownerToken })).body as Array<{ kind: string; key: string }>;
      const stations = (await t.api('GET', '/kitchen/stations', { token: seed.ownerToken })).body as Array<{ station: string }>;
      expect(routes.filter((r) => r.kind === 'station').map((r) => r.key).sort()).toEqual(stations.map((s) => s.station).sort());
      expect(routes).toContainEqual(expect.objectContaining({ kind: 'receipt', key: 'default' }));
      const printer = (await t.api('GET', '/printers', { token: seed.ownerToken })).body.find((p: { name: string }) => p.name === 'Demo receipts');
      expect((await t.api('POST', `/printers/${printer.id}/test`, { token: seed.ownerToken })).status).toBe(202);
      for (let i = 0; i < 200 && printed.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(printed.join('\n')).toContain('Euro: € 12.50');
    } finally {
      await printers.close();
    }
  });
});
