/** Menu item commands: bodies that run inside one menu command transaction. */
import { assertLocallyEditable } from './central.js';
import { eq, inArray } from 'drizzle-orm';
import { itemOptionGroups, menuItems, optionGroups, orderLines } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { assertVersion, changedFields, matchesSent, sameValue } from './rules.js';
import type { CreateItemInput, MenuItemView, SetItemGroupsInput, UpdateItemInput } from './schemas.js';
import {
  assertNameFree, finishMenuChange, itemNames, itemView, lastItemSort, linkedGroupIds, loadCategory, loadItem, nextSort,
  recordDelete, saveItem, writeLinks, type ItemRow,
} from './store.js';

function assertGroupsExist(ctx: CommandContext, groupIds: readonly string[]): void {
  if (groupIds.length === 0) return;
  const found = new Set(ctx.tx.select({ id: optionGroups.id }).from(optionGroups).where(inArray(optionGroups.id, [...groupIds])).all().map((g) => g.id));
  const missing = groupIds.find((id) => !found.has(id));
  if (missing) throw notFound('option group', missing);
}

export function createItem(ctx: CommandContext, input: CreateItemInput): MenuItemView {
  const { id: clientId, optionGroupIds, ...sent } = input;
  const id = clientId ?? ctx.newId();
  const existing = ctx.tx.select().from(menuItems).where(eq(menuItems.id, id)).get();
  if (existing) {
    const links = linkedGroupIds(ctx.tx, id);
    // A retry after a dropped connection: same body → the first result.
    if (matchesSent(existing, sent) && (optionGroupIds === undefined || sameValue(optionGroupIds, links))) return itemView(existing, links);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'A menu item with this id already exists with different details.', { id });
  }
  const category = loadCategory(ctx.tx, input.categoryId);
  assertNameFree('An item', ` in "${category.name}"`, itemNames(ctx.tx, category.id), input.name);
  const groupIds = optionGroupIds ?? [];
  assertGroupsExist(ctx, groupIds);
  const row: ItemRow = {
    id, categoryId: category.id, name: input.name, description: input.description ?? '', price: input.price,
    taxRateBp: input.taxRateBp, station: input.station, tags: input.tags ?? [], allergens: input.allergens ?? [],
    imageUrl: input.imageUrl ?? null, sortOrder: input.sortOrder ?? nextSort(lastItemSort(ctx.tx, category.id)),
    available: input.available ?? true, stockOut: false, externalId: input.externalId ?? null, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  saveItem(ctx, row);
  writeLinks(ctx, row, groupIds, []);
  finishMenuChange(ctx);
  return itemView(row, groupIds);
}

export function updateItem(ctx: CommandContext, id: string, input: UpdateItemInput): MenuItemView {
  const current = loadItem(ctx.tx, id);
  const { expectedVersion, ...patch } = input;
  assertVersion('menu item', current, expectedVersion);
  const links = linkedGroupIds(ctx.tx, id);
  const changes = changedFields(current, patch);
  if (Object.keys(changes).length === 0) return itemView(current, links);
  assertLocallyEditable(ctx.tx, 'item', Object.keys(changes));
  if (changes.categoryId !== undefined || changes.name !== undefined) {
    const category = loadCategory(ctx.tx, changes.categoryId ?? current.categoryId);
    assertNameFree('An item', ` in "${category.name}"`, itemNames(ctx.tx, category.id), changes.name ?? current.name, id);
  }
  const next: ItemRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
  saveItem(ctx, next, current);
  finishMenuChange(ctx);
  return itemView(next, links);
}

/** 86 an item (or bring it back). Setting what is already set changes nothing, so a retry is harmless. */
export function setItemAvailability(ctx: CommandContext, id: string, available: boolean): MenuItemView {
  return updateItem(ctx, id, { available });
}

/** Sets the item's option groups in the order given; the item's version moves with its links. */
export function setItemGroups(ctx: CommandContext, id: string, input: SetItemGroupsInput): MenuItemView {
  const current = loadItem(ctx.tx, id);
  assertVersion('menu item', current, input.expectedVersion);
  assertGroupsExist(ctx, input.groupIds);
  const links = linkedGroupIds(ctx.tx, id);
  if (sameValue(links, input.groupIds)) return itemView(current, links);
  const next: ItemRow = { ...current, version: current.version + 1, updatedAt: ctx.now };
  saveItem(ctx, next, current);
  writeLinks(ctx, next, input.groupIds, links);
  finishMenuChange(ctx);
  return itemView(next, input.groupIds);
}

/**
 * Deletes an item nobody ever ordered. Ordered items stay, because order history points at them:
 * the person is told to mark the item unavailable instead.
 */
export function deleteItem(ctx: CommandContext, id: string, expectedVersion?: number): { id: string; deleted: true } {
  const current = loadItem(ctx.tx, id);
  assertVersion('menu item', current, expectedVersion);
  const ordered = ctx.tx.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.itemId, id)).limit(1).get();
  if (ordered) {
    throw new AppError('IN_USE', `"${current.name}" appears on past orders, so it cannot be deleted. Mark it unavailable instead.`,
      { itemId: id });
  }
  const next: ItemRow = { ...current, version: current.version + 1 };
  writeLinks(ctx, next, [], linkedGroupIds(ctx.tx, id));
  ctx.tx.delete(itemOptionGroups).where(eq(itemOptionGroups.itemId, id)).run();
  ctx.tx.delete(menuItems).where(eq(menuItems.id, id)).run();
  recordDelete(ctx, 'menu_item', current);
  finishMenuChange(ctx);
  return { id, deleted: true };
}
