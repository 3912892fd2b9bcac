/** Option group and option commands: bodies that run inside one menu command transaction. */
import { eq, inArray } from 'drizzle-orm';
import { itemOptionGroups, menuItems, optionGroups, options, orderLineOptions } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { assertGroupRules, assertVersion, changedFields, groupDefaults, matchesSent } from './rules.js';
import type { CreateGroupInput, CreateOptionInput, OptionGroupView, OptionView, UpdateGroupInput, UpdateOptionInput } from './schemas.js';
import {
  assertNameFree, finishMenuChange, groupNames, groupView, lastGroupSort, lastOptionSort, loadGroup, loadOption, nextSort,
  optionNames, optionView, recordDelete, saveGroup, saveOption, type GroupRow, type OptionRow,
} from './store.js';

export function createGroup(ctx: CommandContext, input: CreateGroupInput): OptionGroupView {
  const { id: clientId, ...sent } = input;
  const id = clientId ?? ctx.newId();
  const existing = ctx.tx.select().from(optionGroups).where(eq(optionGroups.id, id)).get();
  if (existing) {
    if (matchesSent(existing, sent)) return groupView(existing);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'An option group with this id already exists with different details.', { id });
  }
  const rule = groupDefaults(input);
  assertGroupRules(rule);
  assertNameFree('An option group', '', groupNames(ctx.tx), input.name);
  const row: GroupRow = {
    id, name: input.name, ...rule, sortOrder: input.sortOrder ?? nextSort(lastGroupSort(ctx.tx)),
    version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  saveGroup(ctx, row);
  finishMenuChange(ctx);
  return groupView(row);
}

export function updateGroup(ctx: CommandContext, id: string, input: UpdateGroupInput): OptionGroupView {
  const current = loadGroup(ctx.tx, id);
  const { expectedVersion, ...patch } = input;
  assertVersion('option group', current, expectedVersion);
  const changes = changedFields(current, patch);
  if (Object.keys(changes).length === 0) return groupView(current);
  const next: GroupRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
  // The counts are checked as a whole, so "make it single" with maxSelect 3 left over is refused.
  assertGroupRules(next);
  if (changes.name !== undefined) assertNameFree('An option group', '', groupNames(ctx.tx), changes.name, id);
  saveGroup(ctx, next, current);
  finishMenuChange(ctx);
  return groupView(next);
}

/** Deletes a group no item uses, with its options, unless past orders chose one of them. */
export function deleteGroup(ctx: CommandContext, id: string, expectedVersion?: number): { id: string; deleted: true } {
  const current = loadGroup(ctx.tx, id);
  assertVersion('option group', current, expectedVersion);
  const users = ctx.tx.select({ name: menuItems.name }).from(itemOptionGroups)
    .innerJoin(menuItems, eq(menuItems.id, itemOptionGroups.itemId)).where(eq(itemOptionGroups.groupId, id)).all();
  if (users.length > 0) {
    throw new AppError('IN_USE', `The option group "${current.name}" is used by ${users.length} item(s) (${users.slice(0, 5).map((u) => u.name).join(', ')}); unlink it first.`,
      { groupId: id, items: users.map((u) => u.name) });
  }
  const groupOptions = ctx.tx.select().from(options).where(eq(options.groupId, id)).all();
  if (groupOptions.length > 0) {
    const ordered = ctx.tx.select({ id: orderLineOptions.id }).from(orderLineOptions)
      .where(inArray(orderLineOptions.optionId, groupOptions.map((o) => o.id))).limit(1).get();
    if (ordered) throw new AppError('IN_USE', `Options of "${current.name}" appear on past orders, so it cannot be deleted. Mark them unavailable instead.`, { groupId: id });
  }
  for (const option of groupOptions) recordDelete(ctx, 'option', option);
  ctx.tx.delete(options).where(eq(options.groupId, id)).run();
  ctx.tx.delete(optionGroups).where(eq(optionGroups.id, id)).run();
  recordDelete(ctx, 'option_group', current);
  finishMenuChange(ctx);
  return { id, deleted: true };
}

export function createOption(ctx: CommandContext, groupId: string, input: CreateOptionInput): OptionView {
  const { id: clientId, ...sent } = input;
  const id = clientId ?? ctx.newId();
  const existing = ctx.tx.select().from(options).where(eq(options.id, id)).get();
  if (existing) {
    if (existing.groupId === groupId && matchesSent(existing, sent)) return optionView(existing);
    throw new AppError('IDEMPOTENCY_CONFLICT', 'An option with this id already exists with different details.', { id });
  }
  const group = loadGroup(ctx.tx, groupId);
  assertNameFree('An option', ` in "${group.name}"`, optionNames(ctx.tx, groupId), input.name);
  const row: OptionRow = {
    id, groupId, name: input.name, priceDelta: input.priceDelta ?? 0, available: input.available ?? true, stockOut: false,
    sortOrder: input.sortOrder ?? nextSort(lastOptionSort(ctx.tx, groupId)), externalId: input.externalId ?? null, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
  saveOption(ctx, row);
  finishMenuChange(ctx);
  return optionView(row);
}

export function updateOption(ctx: CommandContext, id: string, input: UpdateOptionInput): OptionView {
  const current = loadOption(ctx.tx, id);
  const { expectedVersion, ...patch } = input;
  assertVersion('option', current, expectedVersion);
  const changes = changedFields(current, patch);
  if (Object.keys(changes).length === 0) return optionView(current);
  if (changes.name !== undefined) {
    const group = loadGroup(ctx.tx, current.groupId);
    assertNameFree('An option', ` in "${group.name}"`, optionNames(ctx.tx, current.groupId), changes.name, id);
  }
  const next: OptionRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
  saveOption(ctx, next, current);
  finishMenuChange(ctx);
  return optionView(next);
}

/** Deletes an option nobody ever chose; chosen ones stay for order history (mark them unavailable). */
export function deleteOption(ctx: CommandContext, id: string, expectedVersion?: number): { id: string; deleted: true } {
  const current = loadOption(ctx.tx, id);
  assertVersion('option', current, expectedVersion);
  const ordered = ctx.tx.select({ id: orderLineOptions.id }).from(orderLineOptions).where(eq(orderLineOptions.optionId, id)).limit(1).get();
  if (ordered) throw new AppError('IN_USE', `"${current.name}" appears on past orders, so it cannot be deleted. Mark it unavailable instead.`, { optionId: id });
  ctx.tx.delete(options).where(eq(options.id, id)).run();
  recordDelete(ctx, 'option', current);
  finishMenuChange(ctx);
  return { id, deleted: true };
}
