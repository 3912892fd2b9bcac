import { and, inArray, isNotNull } from 'drizzle-orm';
import { orders } from '../db/schema.js';
import type { DbLike } from '../db/command.js';

/** How a platform is named on a ticket header and a KDS card (issue 21): "UBER EATS #A12B". */
const NAMES: Record<string, string> = { uber_eats: 'UBER EATS', deliveroo: 'DELIVEROO', generic: 'ONLINE' };

export function platformName(platform: string): string {
  return NAMES[platform] ?? platform.replace(/_/g, ' ').toUpperCase();
}

export function platformLabel(platform: string, ref: string | null): string {
  return ref ? `${platformName(platform)} #${ref}` : platformName(platform);
}

/** The platform label of each of these orders that came from a platform (read live, like allergies). */
export function platformsOfOrders(tx: DbLike, orderIds: readonly string[]): Map<string, string> {
  if (orderIds.length === 0) return new Map();
  const rows = tx.select({ id: orders.id, platform: orders.platform, ref: orders.platformRef }).from(orders)
    .where(and(inArray(orders.id, [...new Set(orderIds)]), isNotNull(orders.platform))).all();
  return new Map(rows.map((r) => [r.id, platformLabel(r.platform!, r.ref)]));
}
