/**
 * A platform's lines → this location's menu, by external id / PLU (issue 21). The cloud knows the
 * location's menu as the box synced it (`menu_items`, `options`: the row image carries
 * `externalId`), so the mapping is the one the box has. A PLU that matches nothing, a deleted row,
 * or more than one row (two items given the same PLU) maps to null: the order is flagged for a
 * person, never guessed and never dropped.
 */
import type { DeliveryLine } from '../../sync/delivery-messages.js';
import type { Queryable } from '../db.js';
import type { PlatformOrder } from '../platforms/types.js';

async function idsByExternalId(q: Queryable, table: 'menu_items' | 'options', locationId: string, externalIds: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  if (externalIds.length === 0) return found;
  const { rows } = await q.query<{ ext: string; id: string }>(
    `SELECT row->>'externalId' AS ext, id FROM ${table} WHERE location_id = $1 AND NOT deleted AND row->>'externalId' = ANY($2::text[])`,
    [locationId, [...new Set(externalIds)]]);
  // Two rows with one PLU: ambiguous, so unmapped.
  for (const r of rows) found.set(r.ext, found.has(r.ext) ? null : r.id);
  return found;
}

export async function mapLines(q: Queryable, locationId: string, order: PlatformOrder): Promise<DeliveryLine[]> {
  const items = await idsByExternalId(q, 'menu_items', locationId, order.lines.map((l) => l.externalId));
  const options = await idsByExternalId(q, 'options', locationId, order.lines.flatMap((l) => l.options.map((o) => o.externalId)));
  return order.lines.map((l) => ({
    externalId: l.externalId, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, notes: l.notes,
    itemId: items.get(l.externalId) ?? null,
    options: l.options.map((o) => ({ externalId: o.externalId, name: o.name, quantity: o.quantity, unitPrice: o.unitPrice, optionId: options.get(o.externalId) ?? null })),
  }));
}

export const isFlagged = (lines: readonly DeliveryLine[]): boolean => lines.some((l) => l.itemId === null || l.options.some((o) => o.optionId === null));
