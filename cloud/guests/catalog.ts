/**
 * The guest's menu in the cloud (issue 19), read from what the location's box synced: the menu rows
 * (categories, items, option groups, options, links — 86'd and stocked-out items as the box last
 * pushed them), the restaurant, the table and the guest-ordering rules. The page the cloud serves
 * is built by the box's own `guestMenu`, and prices come from these rows only.
 */
import { guestMenu, type GuestMenuSource } from '../../src/guests/menu.js';
import { DEFAULT_GUEST_SETTINGS, closedReason, localMinutes, type GuestSettingsValues } from '../../src/guests/rules.js';
import type { GuestMenuT } from '../../src/guests/schemas.js';
import type { GroupRule } from '../../src/orders/option-rules.js';
import { GUEST_SETTINGS_ID } from '../../sync/guest-messages.js';
import type { Queryable } from '../db.js';

interface Cat { id: string; name: string; sortOrder: number }
interface Item { id: string; categoryId: string; name: string; description: string; price: number; allergens: string[]; tags: string[]; available: boolean; stockOut?: boolean; sortOrder: number }
interface Group { id: string; name: string; selection: 'single' | 'multi'; required: boolean; minSelect: number; maxSelect: number; sortOrder: number }
interface Opt { id: string; groupId: string; name: string; priceDelta: number; available: boolean; stockOut?: boolean; sortOrder: number }
interface Link { itemId: string; groupId: string; sortOrder: number }

export interface CloudTable { id: string; label: string; status: string; areaId: string }
export interface CloudRestaurant { name: string; currency: string; timeZone: string; menuVersion: number }

/** What one orderable item is to the pricing (the same shape the box's order path checks options with). */
export interface CatalogItem { item: { id: string; name: string; price: number; available: boolean }; groups: GroupRule[] }

export interface GuestCatalog {
  restaurant: CloudRestaurant;
  settings: GuestSettingsValues;
  source: GuestMenuSource;
  items: Map<string, CatalogItem>;
}

const rowsOf = async <T>(q: Queryable, table: string, locationId: string): Promise<T[]> =>
  (await q.query<{ row: T }>(`SELECT row FROM ${table} WHERE location_id = $1 AND NOT deleted`, [locationId])).rows.map((r) => r.row);
const bySort = <T extends { sortOrder: number }>(a: T, b: T) => a.sortOrder - b.sortOrder;

/** The table, if the box still has it (a deleted table's code opens nothing). */
export async function readTable(q: Queryable, locationId: string, tableId: string): Promise<CloudTable | null> {
  const { rows } = await q.query<{ row: CloudTable }>('SELECT row FROM dining_tables WHERE location_id = $1 AND id = $2 AND NOT deleted', [locationId, tableId]);
  return rows[0]?.row ?? null;
}

/** Everything the page and the pricing need, in one transaction of the location's tenant scope. */
export async function readCatalog(q: Queryable, locationId: string): Promise<GuestCatalog> {
  const [restaurants, settingsRows, cats, items, groups, opts, links] = [
    await rowsOf<Partial<CloudRestaurant>>(q, 'restaurants', locationId),
    (await q.query<{ row: Partial<GuestSettingsValues> }>('SELECT row FROM guest_settings WHERE location_id = $1 AND id = $2 AND NOT deleted', [locationId, GUEST_SETTINGS_ID])).rows,
    await rowsOf<Cat>(q, 'categories', locationId),
    await rowsOf<Item>(q, 'menu_items', locationId),
    await rowsOf<Group>(q, 'option_groups', locationId),
    await rowsOf<Opt>(q, 'options', locationId),
    await rowsOf<Link>(q, 'item_option_groups', locationId),
  ];
  const r = restaurants[0] ?? {};
  const restaurant: CloudRestaurant = { name: r.name ?? '', currency: r.currency ?? 'EUR', timeZone: r.timeZone ?? 'UTC', menuVersion: r.menuVersion ?? 0 };
  // No settings row yet: the box never changed them, so it runs on the defaults.
  const settings: GuestSettingsValues = { ...DEFAULT_GUEST_SETTINGS, ...settingsRows[0]?.row };
  const groupOf = new Map(groups.map((g) => [g.id, {
    ...g, options: opts.filter((o) => o.groupId === g.id).sort(bySort).map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available, stockOut: o.stockOut ?? false })),
  }]));
  const groupsOf = (itemId: string) => links.filter((l) => l.itemId === itemId).sort(bySort).flatMap((l) => groupOf.get(l.groupId) ?? []);
  const sourceItem = (i: Item) => ({ id: i.id, name: i.name, description: i.description ?? '', price: i.price, allergens: i.allergens ?? [], tags: i.tags ?? [],
    available: i.available, stockOut: i.stockOut ?? false, optionGroups: groupsOf(i.id) });
  const source: GuestMenuSource = {
    menuVersion: restaurant.menuVersion,
    categories: cats.sort(bySort).map((c) => ({ id: c.id, name: c.name, items: items.filter((i) => i.categoryId === c.id).sort(bySort).map(sourceItem) })),
  };
  const catalogItems = new Map<string, CatalogItem>(items.map((i) => [i.id, {
    item: { id: i.id, name: i.name, price: i.price, available: i.available && !i.stockOut },
    groups: groupsOf(i.id).map((g) => ({ id: g.id, name: g.name, selection: g.selection, minSelect: g.minSelect, maxSelect: g.maxSelect, required: g.required,
      options: g.options.map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available && !o.stockOut })) })),
  }]));
  return { restaurant, settings, source, items: catalogItems };
}

/** The page's first load, as the box's own page answers it. */
export function cloudGuestMenu(catalog: GuestCatalog, table: CloudTable, now: number): GuestMenuT {
  const reason = closedReason(catalog.settings, table, localMinutes(now, catalog.restaurant.timeZone));
  return guestMenu(catalog.source, { name: catalog.restaurant.name, currency: catalog.restaurant.currency }, table,
    { open: reason === null, reason, maxOrderTotal: catalog.settings.maxOrderTotal });
}
