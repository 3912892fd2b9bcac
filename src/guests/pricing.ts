import type { CommandContext } from '../db/command.js';
import type { GuestLine } from '../db/schema.js';
import { buildLines } from '../orders/lines.js';
import type { GuestLineInputT } from './schemas.js';

/**
 * Prices a guest's lines from the menu, in memory, with the order write path's own checks (item
 * known and not 86'd, option rules): the same errors a waiter would get, and nothing written.
 */
export function priceGuestLines(ctx: CommandContext, inputs: readonly GuestLineInputT[]): { lines: GuestLine[]; total: number } {
  const built = buildLines(ctx, { id: 'guest-request', staffId: 'system' },
    inputs.map((l) => ({ itemId: l.itemId, quantity: l.quantity, optionIds: l.optionIds, course: 1, notes: l.notes ?? null })), 0);
  const lines = built.lines.map((line, i): GuestLine => ({
    itemId: line.itemId, quantity: line.quantity, optionIds: inputs[i]!.optionIds, notes: line.notes,
    name: line.name, options: built.options.filter((o) => o.lineId === line.id).map((o) => o.name), price: line.unitPrice + line.optionsPrice, lineId: null,
  }));
  return { lines, total: lines.reduce((sum, l) => sum + l.price * l.quantity, 0) };
}
