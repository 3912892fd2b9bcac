import type { CommandContext } from '../db/command.js';
import { insertRow, selectIn } from '../db/raw.js';
import { AppError, notFound } from '../errors.js';
import { checkOptions, type OptionViolation } from './option-rules.js';
import { lookUpItemsCached } from './menu-lookup.js';
import { loadRestaurant } from '../setup/service.js';
import type { LineInputT } from './schemas.js';
import type { LineOptionRow, LineRow } from './store.js';

export interface BuiltLines {
  lines: LineRow[];
  options: LineOptionRow[];
}

/** Comparable content of a line, to tell a retried add (same id, same content) from a conflicting one. */
function lineFingerprint(l: { itemId: string; quantity: number; seat?: number | null; course: number; notes?: string | null }, optionIds: readonly string[]): string {
  return JSON.stringify([l.itemId, l.quantity, l.seat ?? null, l.course, l.notes ?? null, [...optionIds].sort()]);
}

/**
 * Validates and prices new lines for an order, in memory: prices come from the menu (never from
 * the client) and name, price, options and tax are snapshotted. Lines whose client id already
 * exists with the same content are left out (a retry); the same id with other content is a 409.
 */
export function buildLines(ctx: CommandContext, order: { id: string; staffId: string }, inputs: readonly LineInputT[], firstSortOrder: number): BuiltLines {
  const withIds = inputs.map((input) => ({ input, id: input.id ?? ctx.newId() }));
  const ids = withIds.map((w) => w.id);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_FAILED', 'Two lines in the request share the same id.');
  const existing = new Map(selectIn<{ id: string; orderId: string; itemId: string; quantity: number; seat: number | null; course: number; notes: string | null }>(ctx.tx,
    'select id, order_id as orderId, item_id as itemId, quantity, seat, course, notes from order_lines where id', ids).map((l) => [l.id, l]));
  const existingOptions = selectIn<{ lineId: string; optionId: string }>(ctx.tx,
    'select line_id as lineId, option_id as optionId from order_line_options where line_id', [...existing.keys()]);

  const fresh = withIds.filter(({ input, id }) => {
    const prior = existing.get(id);
    if (!prior) return true;
    const priorOptions = existingOptions.filter((o) => o.lineId === id).map((o) => o.optionId);
    if (prior.orderId !== order.id || lineFingerprint(prior, priorOptions) !== lineFingerprint(input, input.optionIds)) {
      throw new AppError('IDEMPOTENCY_CONFLICT', `Line id ${id} was already used for a different line.`, { lineId: id });
    }
    return false;
  });

  const catalog = lookUpItemsCached(ctx.tx, fresh.map((f) => f.input.itemId), loadRestaurant(ctx.tx).menuVersion);
  const built: BuiltLines = { lines: [], options: [] };
  let sortOrder = firstSortOrder;
  for (const [index, { input, id }] of fresh.entries()) {
    const found = catalog.get(input.itemId);
    if (!found) throw notFound('menu item', input.itemId);
    const { item, groups } = found;
    if (!item.available) throw new AppError('ITEM_UNAVAILABLE', `${item.name} is unavailable (86'd).`, { itemId: item.id, line: index });
    const check = checkOptions(item.name, groups, input.optionIds);
    if (!check.ok) throw optionError(check.violations, index);
    const optionsPrice = check.chosen.reduce((s, o) => s + o.priceDelta, 0);
    if (item.price + optionsPrice < 0) {
      throw new AppError('OPTION_RULES_VIOLATED', `${item.name}: these options would make the price negative.`, { line: index });
    }
    built.lines.push({
      id, orderId: order.id, itemId: item.id, name: item.name, unitPrice: item.price, optionsPrice, taxRateBp: item.taxRateBp,
      station: item.station, quantity: input.quantity, seat: input.seat ?? null, course: input.course, notes: input.notes ?? null,
      discount: null, state: 'held', firedAt: null, readyAt: null, servedAt: null, voidedAt: null,
      sortOrder: sortOrder++, staffId: ctx.actor.staffId ?? order.staffId, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
    });
    for (const option of check.chosen) {
      built.options.push({ id: ctx.newId(), lineId: id, optionId: option.optionId, groupId: option.groupId, groupName: option.groupName, name: option.name, priceDelta: option.priceDelta });
    }
  }
  return built;
}

/** Writes built lines and their options, each with its change-log row. */
export function writeLines(ctx: CommandContext, built: BuiltLines): void {
  for (const line of built.lines) {
    insertRow(ctx.tx, 'order_lines', line as unknown as Record<string, unknown>);
    ctx.change('order_line', line);
  }
  for (const option of built.options) {
    insertRow(ctx.tx, 'order_line_options', option as unknown as Record<string, unknown>);
    ctx.change('order_line_option', option, { op: 'insert' });
  }
}

/** Adds lines to an existing order (after the ones it has). Returns the lines actually added. */
export function insertLines(ctx: CommandContext, order: { id: string; staffId: string }, inputs: readonly LineInputT[]): LineRow[] {
  const count = ctx.tx.$client.prepare('select count(*) as n from order_lines where order_id = ?').get(order.id) as { n: number };
  const built = buildLines(ctx, order, inputs, count.n);
  writeLines(ctx, built);
  return built.lines;
}

export function optionError(violations: OptionViolation[], line: number): AppError {
  const unavailable = violations.find((v) => v.rule === 'unavailable');
  if (unavailable && 'optionId' in unavailable) {
    return new AppError('OPTION_UNAVAILABLE', unavailable.message, { optionId: unavailable.optionId, line });
  }
  return new AppError('OPTION_RULES_VIOLATED', violations.map((v) => v.message).join(' '), { line, violations });
}
