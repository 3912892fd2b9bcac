/**
 * The whole menu as one tree, read with five queries (one per table, never one per item) and
 * assembled in memory. The same snapshot feeds the export and the importer's comparison.
 */
import { asc, eq } from 'drizzle-orm';
import { categories, itemOptionGroups, menuItems, optionGroups, options, restaurant } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import type { MenuTreeView, TreeGroupView, TreeItemView } from './schemas.js';
import { categoryView, groupView, optionView, type CategoryRow, type GroupRow, type ItemRow, type LinkRow, type OptionRow } from './store.js';

export interface MenuSnapshot {
  menuVersion: number;
  categories: CategoryRow[];
  /** In category then item sort order. */
  items: ItemRow[];
  groups: GroupRow[];
  options: OptionRow[];
  /** Per item, linked group ids in link order. */
  links: Map<string, string[]>;
}

/** Reads every menu row. Call inside a transaction when the rows and version must agree. */
export function readSnapshot(db: DbLike): MenuSnapshot {
  const menuVersion = db.select({ v: restaurant.menuVersion }).from(restaurant).where(eq(restaurant.id, 1)).get()?.v ?? 0;
  const cats = db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.name), asc(categories.id)).all();
  const catOrder = new Map(cats.map((c, i) => [c.id, i]));
  const items = db.select().from(menuItems).orderBy(asc(menuItems.sortOrder), asc(menuItems.name), asc(menuItems.id)).all()
    .sort((a, b) => (catOrder.get(a.categoryId) ?? 0) - (catOrder.get(b.categoryId) ?? 0));
  const groups = db.select().from(optionGroups).orderBy(asc(optionGroups.sortOrder), asc(optionGroups.name), asc(optionGroups.id)).all();
  const opts = db.select().from(options).orderBy(asc(options.sortOrder), asc(options.name), asc(options.id)).all();
  const linkRows: LinkRow[] = db.select().from(itemOptionGroups).orderBy(asc(itemOptionGroups.sortOrder), asc(itemOptionGroups.groupId)).all();
  const links = new Map<string, string[]>();
  for (const link of linkRows) {
    const list = links.get(link.itemId) ?? [];
    list.push(link.groupId);
    links.set(link.itemId, list);
  }
  return { menuVersion, categories: cats, items, groups, options: opts, links };
}

/** Snapshot → the tree tablets load: categories → items → linked groups → options, each in sort order. */
export function buildTree(s: MenuSnapshot): MenuTreeView {
  const optionsByGroup = new Map<string, OptionRow[]>();
  for (const o of s.options) {
    const list = optionsByGroup.get(o.groupId) ?? [];
    list.push(o);
    optionsByGroup.set(o.groupId, list);
  }
  const groupNodes = new Map<string, TreeGroupView>(s.groups.map((g) => [g.id, { ...groupView(g), options: (optionsByGroup.get(g.id) ?? []).map(optionView) }]));
  const itemsByCategory = new Map<string, TreeItemView[]>();
  for (const item of s.items) {
    const { createdAt: _c, updatedAt: _u, ...fields } = item;
    const linked = (s.links.get(item.id) ?? []).map((id) => groupNodes.get(id)).filter((g): g is TreeGroupView => g !== undefined);
    const list = itemsByCategory.get(item.categoryId) ?? [];
    list.push({ ...fields, optionGroups: linked });
    itemsByCategory.set(item.categoryId, list);
  }
  return {
    menuVersion: s.menuVersion,
    categories: s.categories.map((c) => ({ ...categoryView(c), items: itemsByCategory.get(c.id) ?? [] })),
    optionGroups: [...groupNodes.values()],
  };
}

/** The tree's weak ETag: the menu version, which every menu change bumps. */
export const menuEtag = (menuVersion: number): string => `W/"menu-${menuVersion}"`;

/** True when an If-None-Match header names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
