import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { seedPantry, type Pantry } from './helpers/stock.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let p: Pantry;
beforeAll(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  p = await seedPantry(r, b);
}, 60_000);
afterAll(async () => { await t.close(); });

/** Per ingredient: the cached level, the sum of its movements, and how many usage rows a line has per ingredient at most. */
function ledgerState() {
  const db = new Database(t.dbFile, { readonly: true });
  try {
    const mismatches = db.prepare(`select i.id, coalesce(l.on_hand, 0) as cached, coalesce((select sum(quantity) from stock_movements m where m.ingredient_id = i.id), 0) as summed
      from ingredients i left join stock_levels l on l.ingredient_id = i.id`).all() as Array<{ id: string; cached: number; summed: number }>;
    const doubled = db.prepare("select count(*) as n from (select line_id, ingredient_id, kind from stock_movements where line_id is not null group by 1, 2, 3 having count(*) > 1)").get() as { n: number };
    const versions = db.prepare('select ingredient_id as id, version, (select count(*) from stock_movements m where m.ingredient_id = l.ingredient_id) as moves from stock_levels l').all() as Array<{ id: string; version: number; moves: number }>;
    return { mismatches: mismatches.filter((m) => m.cached !== m.summed), doubled: doubled.n, versionDrift: versions.filter((v) => v.version !== v.moves) };
  } finally { db.close(); }
}

const api = (method: string, path: string, body?: unknown) => t.api(method, path, { token: r.ownerToken, body });

describe('the ledger under any sequence of operations', () => {
  it('on-hand always equals the sum of movements, and no fired line is counted twice', async () => {
    const ingredient = fc.constantFrom<keyof Pantry>('beef', 'bun', 'cheddar', 'cola', 'potato', 'onion', 'mayo');
    const qty = fc.integer({ min: 1, max: 5000 });
    const step = fc.oneof(
      fc.record({ op: fc.constant('receive' as const), ingredient, qty }),
      fc.record({ op: fc.constant('waste' as const), ingredient, qty }),
      fc.record({ op: fc.constant('transfer' as const), ingredient, qty, out: fc.boolean() }),
      fc.record({ op: fc.constant('adjust' as const), ingredient, qty, down: fc.boolean() }),
      fc.record({ op: fc.constant('count' as const), ingredient, qty }),
      fc.record({ op: fc.constant('fire' as const), burgers: fc.integer({ min: 0, max: 3 }), sodas: fc.integer({ min: 0, max: 3 }), retry: fc.boolean() }),
      fc.record({ op: fc.constant('void' as const), stock: fc.constantFrom('return', 'waste') }),
      fc.record({ op: fc.constant('cancel' as const), stock: fc.constantFrom('return', 'waste') }),
    );
    const fired: Array<{ orderId: string; lineIds: string[] }> = [];
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
      for (const s of steps) {
        if (s.op === 'receive') await api('POST', '/stock/receipts', { ingredientId: p[s.ingredient], quantity: s.qty, unit: unitOf(s.ingredient) });
        else if (s.op === 'waste') await api('POST', '/stock/waste', { ingredientId: p[s.ingredient], quantity: s.qty, unit: unitOf(s.ingredient), reason: 'spoiled' });
        else if (s.op === 'transfer') await api('POST', '/stock/transfers', { ingredientId: p[s.ingredient], quantity: s.qty, unit: unitOf(s.ingredient), direction: s.out ? 'out' : 'in', location: 'Nord' });
        else if (s.op === 'adjust') await api('POST', '/stock/adjustments', { ingredientId: p[s.ingredient], quantity: s.down ? -s.qty : s.qty, unit: unitOf(s.ingredient), reason: 'fix' });
        else if (s.op === 'count') {
          const seen = (await api('GET', `/stock/ingredients/${p[s.ingredient]}`)).body;
          const res = await api('POST', '/stock/counts', { ingredientId: p[s.ingredient], counted: s.qty, unit: unitOf(s.ingredient), expectedVersion: seen.levelVersion });
          expect(res.status).toBe(201);
          expect((await api('GET', `/stock/ingredients/${p[s.ingredient]}`)).body.onHand).toBe(res.body.movement.counted);
        } else if (s.op === 'fire') {
          const lines = [...Array.from({ length: s.burgers }, () => burgerLine(b)), ...Array.from({ length: s.sodas }, () => ({ id: newId(), itemId: b.items.soda, quantity: 1 }))];
          // Stock may have 86ed a dish: an order refused for that is fine, the ledger must still add up.
          const placed = await api('POST', '/orders', { id: newId(), type: 'takeaway', lines });
          if (placed.status !== 201) continue;
          const fires = await Promise.all(s.retry ? [api('POST', `/orders/${placed.body.id}/fire`, {}), api('POST', `/orders/${placed.body.id}/fire`, {})] : [api('POST', `/orders/${placed.body.id}/fire`, {})]);
          for (const f of fires) expect(f.status).toBe(200);
          fired.push({ orderId: placed.body.id, lineIds: placed.body.lines.map((l: any) => l.id) });
        } else if (s.op === 'void') {
          const target = fired.find((o) => o.lineIds.length > 0);
          if (target) await api('POST', `/orders/${target.orderId}/lines/${target.lineIds.shift()}/void`, { reason: 'sent back', stock: s.stock });
        } else {
          const target = fired.pop();
          if (target) await api('POST', `/orders/${target.orderId}/cancel`, { reason: 'left', stock: s.stock });
        }
        const state = ledgerState();
        expect(state).toEqual({ mismatches: [], doubled: 0, versionDrift: [] });
      }
    }), { numRuns: 12 });
  }, 240_000);
});

function unitOf(key: keyof Pantry): string {
  return ({ beef: 'g', bun: 'piece', cheddar: 'g', cola: 'ml', potato: 'g', onion: 'g', mayo: 'g' } as Record<string, string>)[key]!;
}
