import { eq, inArray } from 'drizzle-orm';
import { orderLineOptions, orderLines } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { checkOptions, type OptionViolation } from './option-rules.js';
import { lookUpItems } from './menu-lookup.js';
import type { LineInputT } from './schemas.js';
import type { LineRow, OrderRow } from './store.js';

/** Comparable content of a line, to tell a retried add (same id, same content) from a conflicting one. */
function lineFingerprint(l: { itemId: string; quantity: number; seat?: number | null; course: number; notes?: string | null }, optionIds: readonly string[]): string {
  return JSON.stringify([l.itemId, l.quantity, l.seat ?? null, l.course, l.notes ?? null, [...optionIds].sort()]);
}

/**
 * Adds lines to an order, pricing them from the menu (never from the client) and snapshotting name,
 * price, options and tax. Lines whose client id already exists with the same content are skipped
 * (a retry); the same id with other content is a 409.
 */
export function insertLines(ctx: CommandContext, order: OrderRow, inputs: readonly LineInputT[]): LineRow[] {
  const withIds = inputs.map((input) => ({ input, id: input.id ?? ctx.newId() }));
  const ids = withIds.map((w) => w.id);
  if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION_FAILED', 'Two lines in the request share the same id.');
  const existing = new Map(ctx.tx.select().from(orderLines).where(inArray(orderLines.id, ids)).all().map((l) => [l.id, l]));
  const existingOptions = existing.size
    ? ctx.tx.select().from(orderLineOptions).where(inArray(orderLineOptions.lineId, [...existing.keys()])).all()
    : [];

  const fresh = withIds.filter(({ input, id }) => {
    const prior = existing.get(id);
    if (!prior) return true;
    const priorOptions = existingOptions.filter((o) => o.lineId === id).map((o) => o.optionId);
    if (prior.orderId !== order.id || lineFingerprint(prior, priorOptions) !== lineFingerprint(input, input.optionIds)) {
      throw new AppError('IDEMPOTENCY_CONFLICT', `Line id ${id} was already used for a different line.`, { lineId: id });
    }
    return false;
  });

  const catalog = lookUpItems(ctx.tx, fresh.map((f) => f.input.itemId));
  let sortOrder = (ctx.tx.select({ id: orderLines.id }).from(orderLines).where(eq(orderLines.orderId, order.id)).all()).length;
  const inserted: LineRow[] = [];
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
    const line: LineRow = {
      id, orderId: order.id, itemId: item.id, name: item.name, unitPrice: item.price, optionsPrice, taxRateBp: item.taxRateBp,
      station: item.station, quantity: input.quantity, seat: input.seat ?? null, course: input.course, notes: input.notes ?? null,
      discount: null, state: 'held', firedAt: null, readyAt: null, servedAt: null, voidedAt: null,
      sortOrder: sortOrder++, staffId: ctx.actor.staffId ?? order.staffId, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
    };
    ctx.tx.insert(orderLines).values(line).run();
    ctx.change('order_line', line);
    for (const option of check.chosen) {
      const row = { id: ctx.newId(), lineId: id, optionId: option.optionId, groupId: option.groupId, groupName: option.groupName, name: option.name, priceDelta: option.priceDelta };
      ctx.tx.insert(orderLineOptions).values(row).run();
      ctx.change('order_line_option', row, { op: 'insert' });
    }
    inserted.push(line);
  }
  return inserted;
}

function optionError(violations: OptionViolation[], line: number): AppError {
  const unavailable = violations.find((v) => v.rule === 'unavailable');
  if (unavailable && 'optionId' in unavailable) {
    return new AppError('OPTION_UNAVAILABLE', unavailable.message, { optionId: unavailable.optionId, line });
  }
  return new AppError('OPTION_RULES_VIOLATED', violations.map((v) => v.message).join(' '), { line, violations });
}
