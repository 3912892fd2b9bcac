/**
 * Menu rows: loading, views, and the writers every menu command (and the importer) goes through,
 * so each change writes its change-log row, its audit row and its events the same way.
 */
import { and, asc, eq, max } from 'drizzle-orm';
import { categories, itemOptionGroups, menuItems, optionGroups, options, restaurant } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { bumpMenuVersion } from '../setup/service.js';
import { nameKey } from './rules.js';
import type { CategoryView, MenuItemView, OptionGroupView, OptionView } from './schemas.js';

export type CategoryRow = typeof categories.$inferSelect;
export type ItemRow = typeof menuItems.$inferSelect;
export type GroupRow = typeof optionGroups.$inferSelect;
export type OptionRow = typeof options.$inferSelect;
export type LinkRow = typeof itemOptionGroups.$inferSelect;

export const categoryView = (r: CategoryRow): CategoryView => ({ id: r.id, name: r.name, sortOrder: r.sortOrder, version: r.version });
export const groupView = (r: GroupRow): OptionGroupView => ({
  id: r.id, name: r.name, selection: r.selection, minSelect: r.minSelect, maxSelect: r.maxSelect,
  required: r.required, sortOrder: r.sortOrder, version: r.version,
});
export const optionView = (r: OptionRow): OptionView => ({
  id: r.id, groupId: r.groupId, name: r.name, priceDelta: r.priceDelta, available: r.available, stockOut: r.stockOut, sortOrder: r.sortOrder, externalId: r.externalId, version: r.version,
});
export function itemView(r: ItemRow, optionGroupIds: readonly string[]): MenuItemView {
  const { createdAt: _c, updatedAt: _u, ...rest } = r;
  return { ...rest, optionGroupIds: [...optionGroupIds] };
}

export function loadCategory(db: DbLike, id: string): CategoryRow {
  const row = db.select().from(categories).where(eq(categories.id, id)).get();
  if (!row) throw notFound('menu category', id);
  return row;
}
export function loadItem(db: DbLike, id: string): ItemRow {
  const row = db.select().from(menuItems).where(eq(menuItems.id, id)).get();
  if (!row) throw notFound('menu item', id);
  return row;
}
export function loadGroup(db: DbLike, id: string): GroupRow {
  const row = db.select().from(optionGroups).where(eq(optionGroups.id, id)).get();
  if (!row) throw notFound('option group', id);
  return row;
}
export function loadOption(db: DbLike, id: string): OptionRow {
  const row = db.select().from(options).where(eq(options.id, id)).get();
  if (!row) throw notFound('option', id);
  return row;
}

/** The item's linked group ids in the order the tablet shows them. */
export function linkedGroupIds(db: DbLike, itemId: string): string[] {
  return db.select({ groupId: itemOptionGroups.groupId }).from(itemOptionGroups).where(eq(itemOptionGroups.itemId, itemId))
    .orderBy(asc(itemOptionGroups.sortOrder)).all().map((l) => l.groupId);
}

/** Next sort position at the end of a list (0 for an empty one). */
export function nextSort(current: number | null | undefined): number {
  return current == null ? 0 : current + 1;
}
export const lastCategorySort = (db: DbLike) => db.select({ n: max(categories.sortOrder) }).from(categories).get()?.n;
export const lastItemSort = (db: DbLike, categoryId: string) =>
  db.select({ n: max(menuItems.sortOrder) }).from(menuItems).where(eq(menuItems.categoryId, categoryId)).get()?.n;
export const lastGroupSort = (db: DbLike) => db.select({ n: max(optionGroups.sortOrder) }).from(optionGroups).get()?.n;
export const lastOptionSort = (db: DbLike, groupId: string) =>
  db.select({ n: max(options.sortOrder) }).from(options).where(eq(options.groupId, groupId)).get()?.n;

/** Refuses a name another row in the same scope already has (ignoring case), before the unique index would. */
export function assertNameFree(kind: string, scope: string, rows: ReadonlyArray<{ id: string; name: string }>, name: string, exceptId?: string): void {
  const key = nameKey(name);
  const clash = rows.find((r) => r.id !== exceptId && nameKey(r.name) === key);
  if (clash) {
    throw new AppError('DUPLICATE', `${kind} named "${clash.name}" already exists${scope}. Choose another name or edit that one.`,
      { field: 'name', existingId: clash.id });
  }
}

export const categoryNames = (db: DbLike) => db.select({ id: categories.id, name: categories.name }).from(categories).all();
export const itemNames = (db: DbLike, categoryId: string) =>
  db.select({ id: menuItems.id, name: menuItems.name }).from(menuItems).where(eq(menuItems.categoryId, categoryId)).all();
export const groupNames = (db: DbLike) => db.select({ id: optionGroups.id, name: optionGroups.name }).from(optionGroups).all();
export const optionNames = (db: DbLike, groupId: string) =>
  db.select({ id: options.id, name: options.name }).from(options).where(eq(options.groupId, groupId)).all();

// ---------- writers ----------

/** The audit action of an 86 or un-86 (of an item or an option), read back by availability-history.ts. */
export const AVAILABILITY_CHANGED = 'menu.availability_changed';

export function saveCategory(ctx: CommandContext, next: CategoryRow, prev?: CategoryRow): void {
  if (prev) ctx.tx.update(categories).set(next).where(eq(categories.id, next.id)).run();
  else ctx.tx.insert(categories).values(next).run();
  ctx.change('category', next);
}

/**
 * Writes an item; a price change is audited (who, old, new); an availability change is audited (who,
 * when: the 86 screen shows it, availability-history.ts) and announced.
 */
export function saveItem(ctx: CommandContext, next: ItemRow, prev?: ItemRow): void {
  if (prev) ctx.tx.update(menuItems).set(next).where(eq(menuItems.id, next.id)).run();
  else ctx.tx.insert(menuItems).values(next).run();
  ctx.change('menu_item', next);
  if (prev && prev.price !== next.price) {
    ctx.audit({ action: 'menu.price_changed', entity: 'menu_item', entityId: next.id, details: { name: next.name, oldPrice: prev.price, newPrice: next.price } });
  }
  if (prev && prev.available !== next.available) {
    ctx.audit({ action: AVAILABILITY_CHANGED, entity: 'menu_item', entityId: next.id, details: { name: next.name, available: next.available } });
    ctx.emit({ type: 'menu.availability', data: { itemId: next.id, available: next.available } });
  }
}

export function saveGroup(ctx: CommandContext, next: GroupRow, prev?: GroupRow): void {
  if (prev) ctx.tx.update(optionGroups).set(next).where(eq(optionGroups.id, next.id)).run();
  else ctx.tx.insert(optionGroups).values(next).run();
  ctx.change('option_group', next);
}

/** Writes an option; a price-delta or availability change is audited like an item's. */
export function saveOption(ctx: CommandContext, next: OptionRow, prev?: OptionRow): void {
  if (prev) ctx.tx.update(options).set(next).where(eq(options.id, next.id)).run();
  else ctx.tx.insert(options).values(next).run();
  ctx.change('option', next);
  if (prev && prev.priceDelta !== next.priceDelta) {
    ctx.audit({ action: 'menu.price_changed', entity: 'option', entityId: next.id, details: { name: next.name, oldPrice: prev.priceDelta, newPrice: next.priceDelta } });
  }
  if (prev && prev.available !== next.available) {
    ctx.audit({ action: AVAILABILITY_CHANGED, entity: 'option', entityId: next.id, details: { name: next.name, available: next.available } });
    ctx.emit({ type: 'menu.availability', data: { optionId: next.id, available: next.available } });
  }
}

/** A delete carries a newer version so the cloud applies it after any earlier upsert of the row. */
export function recordDelete(ctx: CommandContext, entity: string, row: { id: string; version: number }): void {
  ctx.change(entity, { ...row, version: row.version + 1, updatedAt: ctx.now }, { op: 'delete' });
}

/**
 * Replaces an item's linked groups with `groupIds` (sort order = position). Link rows have no
 * version of their own, so their images carry the item's version: the cloud keeps the newest.
 * Returns whether anything changed.
 */
export function writeLinks(ctx: CommandContext, item: ItemRow, groupIds: readonly string[], current: readonly string[]): boolean {
  const same = current.length === groupIds.length && current.every((g, i) => g === groupIds[i]);
  if (same) return false;
  for (const groupId of current) {
    if (groupIds.includes(groupId)) continue;
    ctx.tx.delete(itemOptionGroups).where(and(eq(itemOptionGroups.itemId, item.id), eq(itemOptionGroups.groupId, groupId))).run();
    ctx.change('item_option_group', { itemId: item.id, groupId, sortOrder: current.indexOf(groupId), version: item.version },
      { op: 'delete', entityId: `${item.id}:${groupId}` });
  }
  groupIds.forEach((groupId, sortOrder) => {
    const link: LinkRow = { itemId: item.id, groupId, sortOrder };
    if (current.includes(groupId)) {
      if (current.indexOf(groupId) === sortOrder) return;
      ctx.tx.update(itemOptionGroups).set({ sortOrder }).where(and(eq(itemOptionGroups.itemId, item.id), eq(itemOptionGroups.groupId, groupId))).run();
    } else {
      ctx.tx.insert(itemOptionGroups).values(link).run();
    }
    ctx.change('item_option_group', { ...link, version: item.version }, { entityId: `${item.id}:${groupId}` });
  });
  return true;
}

/** Ends every menu-changing command: bumps the menu version (the tree's ETag) and tells the screens. */
export function finishMenuChange(ctx: CommandContext): number {
  bumpMenuVersion(ctx);
  const menuVersion = ctx.tx.select({ v: restaurant.menuVersion }).from(restaurant).where(eq(restaurant.id, 1)).get()?.v ?? 0;
  ctx.emit({ type: 'menu.updated', data: { menuVersion } });
  return menuVersion;
}
