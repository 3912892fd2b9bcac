/**
 * Every recipe in memory, indexed for the fire path: per menu item and option its lines, prep items'
 * recipes, and per ingredient which items and options depend on it (through prep items too).
 * Cached per menu version — recipe changes bump it like any menu change — and, as in
 * orders/menu-lookup.ts, filled only from committed data (outside any transaction), so a rolled-back
 * change can never leave an index behind for a version number that is later reused.
 */
import type { Db } from '../db/open.js';
import { explode, type PrepBook, type RecipeEntry } from './rules.js';

export interface RecipeIndex {
  menuVersion: number;
  items: Map<string, RecipeEntry[]>;
  options: Map<string, RecipeEntry[]>;
  preps: PrepBook;
  /** One portion of each item / option extra, exploded into raw ingredients. */
  itemNeeds: Map<string, Map<string, number>>;
  optionNeeds: Map<string, Map<string, number>>;
  /** Raw ingredient → the items and options whose portion needs it. */
  dependents: Map<string, { items: Set<string>; options: Set<string> }>;
  /** Raw ingredient → the most any one dependent portion needs: above it, nothing can run short. */
  maxNeed: Map<string, number>;
}

interface LineRow { menuItemId: string | null; optionId: string | null; prepId: string | null; ingredientId: string; quantity: number }

const cache = new WeakMap<Db, RecipeIndex>();

export function recipeIndex(db: Db, menuVersion: number): RecipeIndex {
  const cached = cache.get(db);
  if (cached && cached.menuVersion === menuVersion) return cached;
  setImmediate(() => refresh(db));
  return buildIndex(db, menuVersion);
}

function refresh(db: Db): void {
  if (!db.$client.open || db.$client.inTransaction) return;
  const { menuVersion } = db.$client.prepare('select menu_version as menuVersion from restaurant where id = 1').get() as { menuVersion: number };
  if (cache.get(db)?.menuVersion === menuVersion) return;
  cache.set(db, buildIndex(db, menuVersion));
}

const push = <K>(map: Map<K, RecipeEntry[]>, key: K, e: RecipeEntry) => { const list = map.get(key); if (list) list.push(e); else map.set(key, [e]); };

/** One query for every recipe line; the rest is in memory. */
export function buildIndex(db: Db, menuVersion: number): RecipeIndex {
  const rows = db.$client.prepare('select menu_item_id as menuItemId, option_id as optionId, prep_id as prepId, ingredient_id as ingredientId, quantity from recipe_lines').all() as LineRow[];
  const batches = new Map((db.$client.prepare("select id, batch_quantity as batch from ingredients where kind = 'prep'").all() as Array<{ id: string; batch: number | null }>).map((p) => [p.id, p.batch ?? 0]));
  const items = new Map<string, RecipeEntry[]>();
  const options = new Map<string, RecipeEntry[]>();
  const prepLines = new Map<string, RecipeEntry[]>();
  for (const r of rows) {
    const e = { ingredientId: r.ingredientId, quantity: r.quantity };
    if (r.menuItemId) push(items, r.menuItemId, e);
    else if (r.optionId) push(options, r.optionId, e);
    else if (r.prepId) push(prepLines, r.prepId, e);
  }
  const preps: PrepBook = new Map([...prepLines].map(([id, lines]) => [id, { batchQuantity: batches.get(id) ?? 0, lines }]));
  const index: RecipeIndex = { menuVersion, items, options, preps, itemNeeds: new Map(), optionNeeds: new Map(), dependents: new Map(), maxNeed: new Map() };
  const note = (kind: 'items' | 'options', id: string, need: Map<string, number>) => {
    for (const [ingredientId, q] of need) {
      let d = index.dependents.get(ingredientId);
      if (!d) { d = { items: new Set(), options: new Set() }; index.dependents.set(ingredientId, d); }
      d[kind].add(id);
      index.maxNeed.set(ingredientId, Math.max(index.maxNeed.get(ingredientId) ?? 0, q));
    }
  };
  for (const [id, lines] of items) { const need = explode(lines, 1, preps); index.itemNeeds.set(id, need); note('items', id, need); }
  for (const [id, lines] of options) { const need = explode(lines, 1, preps); index.optionNeeds.set(id, need); note('options', id, need); }
  return index;
}
