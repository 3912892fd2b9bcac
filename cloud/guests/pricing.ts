/**
 * Prices a guest's lines in the cloud from the synced menu (issue 19), with the order path's own
 * rules and refusals (item known, not 86'd, options by checkOptions): what the guest sees and what
 * the total limit is checked against. The box prices again from its own menu when it applies the
 * request, and again when a waiter accepts it: nothing the guest sends is a price.
 */
import { AppError, notFound } from '../../src/errors.js';
import { checkOptions } from '../../src/orders/option-rules.js';
import { optionError } from '../../src/orders/lines.js';
import type { GuestLineInputT } from '../../src/guests/schemas.js';
import type { CatalogItem } from './catalog.js';

export interface PricedLine { name: string; quantity: number; options: string[]; notes: string | null; price: number }

export function priceFromCatalog(items: ReadonlyMap<string, CatalogItem>, inputs: readonly GuestLineInputT[]): { lines: PricedLine[]; total: number } {
  const lines = inputs.map((input, index): PricedLine => {
    const found = items.get(input.itemId);
    if (!found) throw notFound('menu item', input.itemId);
    const { item, groups } = found;
    if (!item.available) throw new AppError('ITEM_UNAVAILABLE', `${item.name} is unavailable (86'd).`, { itemId: item.id, line: index });
    const check = checkOptions(item.name, groups, input.optionIds);
    if (!check.ok) throw optionError(check.violations, index);
    const price = item.price + check.chosen.reduce((s, o) => s + o.priceDelta, 0);
    if (price < 0) throw new AppError('OPTION_RULES_VIOLATED', `${item.name}: these options would make the price negative.`, { line: index });
    return { name: item.name, quantity: input.quantity, options: check.chosen.map((o) => o.name), notes: input.notes ?? null, price };
  });
  return { lines, total: lines.reduce((s, l) => s + l.price * l.quantity, 0) };
}
