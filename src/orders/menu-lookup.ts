import { asc, inArray } from 'drizzle-orm';
import { itemOptionGroups, menuItems, optionGroups, options } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import type { GroupRule } from './option-rules.js';

export type MenuItemRow = typeof menuItems.$inferSelect;

export interface OrderableItem {
  item: MenuItemRow;
  groups: GroupRule[];
}

/** The items being ordered with their linked option groups and options: four queries however many lines. */
export function lookUpItems(tx: DbLike, itemIds: readonly string[]): Map<string, OrderableItem> {
  const unique = [...new Set(itemIds)];
  const result = new Map<string, OrderableItem>();
  if (unique.length === 0) return result;
  const items = tx.select().from(menuItems).where(inArray(menuItems.id, unique)).all();
  if (items.length === 0) return result;
  const links = tx.select().from(itemOptionGroups).where(inArray(itemOptionGroups.itemId, items.map((i) => i.id))).orderBy(asc(itemOptionGroups.sortOrder)).all();
  const groupIds = [...new Set(links.map((l) => l.groupId))];
  const groups = groupIds.length ? tx.select().from(optionGroups).where(inArray(optionGroups.id, groupIds)).all() : [];
  const opts = groupIds.length ? tx.select().from(options).where(inArray(options.groupId, groupIds)).orderBy(asc(options.sortOrder)).all() : [];
  const rules = new Map<string, GroupRule>(groups.map((g) => [g.id, {
    id: g.id, name: g.name, selection: g.selection, minSelect: g.minSelect, maxSelect: g.maxSelect, required: g.required,
    options: opts.filter((o) => o.groupId === g.id).map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available })),
  }]));
  for (const item of items) {
    const itemGroups = links.filter((l) => l.itemId === item.id).map((l) => rules.get(l.groupId)).filter((g): g is GroupRule => g !== undefined);
    result.set(item.id, { item, groups: itemGroups });
  }
  return result;
}
