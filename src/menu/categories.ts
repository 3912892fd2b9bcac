/** Category commands: bodies that run inside one menu command transaction. */
import { eq } from 'drizzle-orm';
import { categories, menuItems } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { assertVersion, changedFields, matchesSent } from './rules.js';
import type { CategoryView, CreateCategoryInput, UpdateCategoryInput } from './schemas.js';
import {
  assertNameFree, categoryNames, categoryView, finishMenuChange, lastCategorySort, loadCategory, nextSort,
  recordDelete, saveCategory, type CategoryRow,
} from './store.js';

export function createCategory(ctx: CommandContext, input: CreateCategoryInput): CategoryView {
  const { id: clientId, ...sent } = input;
  const id = clientId ?? ctx.newId();
  const existing = ctx.tx.select().from(categories).where(eq(categories.id, id)).get();
  if (existing) {
    // A retry after a dropped connection: same body → the first result.
    if (matchesSent(existing, sent)) return categoryView(existing);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'A category with this id already exists with different details.', { id });
  }
  assertNameFree('A category', '', categoryNames(ctx.tx), input.name);
  const row: CategoryRow = {
    id, name: input.name, sortOrder: input.sortOrder ?? nextSort(lastCategorySort(ctx.tx)),
    version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  saveCategory(ctx, row);
  finishMenuChange(ctx);
  return categoryView(row);
}

export function updateCategory(ctx: CommandContext, id: string, input: UpdateCategoryInput): CategoryView {
  const current = loadCategory(ctx.tx, id);
  const { expectedVersion, ...patch } = input;
  assertVersion('category', current, expectedVersion);
  const changes = changedFields(current, patch);
  if (Object.keys(changes).length === 0) return categoryView(current);
  if (changes.name !== undefined) assertNameFree('A category', '', categoryNames(ctx.tx), changes.name, id);
  const next: CategoryRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
  saveCategory(ctx, next, current);
  finishMenuChange(ctx);
  return categoryView(next);
}

/** Only an empty category can go: its items must be moved or deleted first. */
export function deleteCategory(ctx: CommandContext, id: string, expectedVersion?: number): { id: string; deleted: true } {
  const current = loadCategory(ctx.tx, id);
  assertVersion('category', current, expectedVersion);
  const items = ctx.tx.select({ id: menuItems.id }).from(menuItems).where(eq(menuItems.categoryId, id)).all();
  if (items.length > 0) {
    throw new AppError('IN_USE', `The category "${current.name}" still has ${items.length} item(s); move or delete them first.`,
      { categoryId: id, itemIds: items.map((i) => i.id) });
  }
  ctx.tx.delete(categories).where(eq(categories.id, id)).run();
  recordDelete(ctx, 'category', current);
  finishMenuChange(ctx);
  return { id, deleted: true };
}
