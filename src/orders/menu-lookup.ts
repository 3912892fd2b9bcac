import type { Db } from '../db/open.js';
import { selectIn } from '../db/raw.js';
import type { GroupRule } from './option-rules.js';

/** What an order line snapshots from the menu item. */
export interface OrderableMenuItem {
  id: string;
  name: string;
  price: number;
  taxRateBp: number;
  station: string;
  /** Orderable: available (no manual 86) and not stocked out (no automatic 86). */
  available: boolean;
}

export interface OrderableItem {
  item: OrderableMenuItem;
  groups: GroupRule[];
}

interface GroupRow { id: string; name: string; selection: 'single' | 'multi'; minSelect: number; maxSelect: number; required: number }
interface OptionRow { id: string; groupId: string; name: string; priceDelta: number; available: number }

/**
 * The menu as orders need it, cached per menu version. Every menu change bumps the version, so a
 * cached catalog whose version matches the one read inside the command is exactly what the
 * database holds. The cache is filled only from committed data (outside any transaction, right
 * after the command that missed it), so a menu change that is rolled back can never leave a
 * catalog behind for a version number that is later reused.
 */
const catalogs = new WeakMap<Db, { menuVersion: number; items: Map<string, OrderableItem> }>();

export function lookUpItemsCached(db: Db, itemIds: readonly string[], menuVersion: number): Map<string, OrderableItem> {
  const cached = catalogs.get(db);
  if (cached && cached.menuVersion === menuVersion) return cached.items;
  setImmediate(() => refreshCatalog(db));
  return lookUpItems(db, itemIds);
}

function refreshCatalog(db: Db): void {
  if (!db.$client.open || db.$client.inTransaction) return;
  const { menuVersion } = db.$client.prepare('select menu_version as menuVersion from restaurant where id = 1').get() as { menuVersion: number };
  if (catalogs.get(db)?.menuVersion === menuVersion) return;
  const ids = (db.$client.prepare('select id from menu_items').all() as Array<{ id: string }>).map((r) => r.id);
  catalogs.set(db, { menuVersion, items: lookUpItems(db, ids) });
}

/**
 * The items being ordered with their linked option groups and options: four queries however many
 * lines, in plain SQL because this runs for every order placed.
 */
export function lookUpItems(db: Db, itemIds: readonly string[]): Map<string, OrderableItem> {
  const result = new Map<string, OrderableItem>();
  const items = selectIn<Omit<OrderableMenuItem, 'available'> & { available: number }>(db,
    'select id, name, price, tax_rate_bp as taxRateBp, station, (available and not stock_out) as available from menu_items where id', [...new Set(itemIds)]);
  if (items.length === 0) return result;
  const links = selectIn<{ itemId: string; groupId: string; sortOrder: number }>(db,
    'select item_id as itemId, group_id as groupId, sort_order as sortOrder from item_option_groups where item_id', items.map((i) => i.id))
    .sort((a, b) => a.sortOrder - b.sortOrder);
  const groupIds = [...new Set(links.map((l) => l.groupId))];
  const groups = selectIn<GroupRow>(db,
    'select id, name, selection, min_select as minSelect, max_select as maxSelect, required from option_groups where id', groupIds);
  const options = selectIn<OptionRow & { sortOrder: number }>(db,
    'select id, group_id as groupId, name, price_delta as priceDelta, (available and not stock_out) as available, sort_order as sortOrder from options where group_id', groupIds)
    .sort((a, b) => a.sortOrder - b.sortOrder);
  const rules = new Map<string, GroupRule>(groups.map((g) => [g.id, {
    id: g.id, name: g.name, selection: g.selection, minSelect: g.minSelect, maxSelect: g.maxSelect, required: g.required === 1,
    options: options.filter((o) => o.groupId === g.id).map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available === 1 })),
  }]));
  for (const item of items) {
    const itemGroups = links.filter((l) => l.itemId === item.id).map((l) => rules.get(l.groupId)).filter((g): g is GroupRule => g !== undefined);
    result.set(item.id, { item: { ...item, available: item.available === 1 }, groups: itemGroups });
  }
  return result;
}
