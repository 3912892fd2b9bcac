import type { GuestMenuT } from './schemas.js';

interface SourceOption { id: string; name: string; priceDelta: number; available: boolean; stockOut: boolean }
interface SourceGroup { id: string; name: string; selection: 'single' | 'multi'; required: boolean; minSelect: number; maxSelect: number; options: SourceOption[] }
interface SourceItem { id: string; name: string; description: string; price: number; allergens: string[]; tags: string[]; available: boolean; stockOut: boolean; optionGroups: SourceGroup[] }

/** What the guest's menu is made from: the box's menu tree, or the cloud's synced rows (cloud/guests/catalog.ts). */
export interface GuestMenuSource { menuVersion: number; categories: Array<{ id: string; name: string; items: SourceItem[] }> }

/**
 * The menu as a guest sees it: what the guest may know (names, descriptions, prices, allergens,
 * option rules), not what the kitchen does (stations, tax rates, stock). An item 86'd or out of
 * stock stays on the page, unavailable, so a guest is not left wondering where it went.
 */
export function guestMenu(tree: GuestMenuSource, restaurant: GuestMenuT['restaurant'], table: { id: string; label: string }, ordering: GuestMenuT['ordering']): GuestMenuT {
  return {
    restaurant, table: { id: table.id, label: table.label }, ordering, menuVersion: tree.menuVersion,
    categories: tree.categories.map((c) => ({
      id: c.id, name: c.name,
      items: c.items.map((item) => ({
        id: item.id, name: item.name, description: item.description, price: item.price, allergens: item.allergens, tags: item.tags,
        available: item.available && !item.stockOut,
        optionGroups: item.optionGroups.map((g) => ({
          id: g.id, name: g.name, selection: g.selection, required: g.required, minSelect: g.minSelect, maxSelect: g.maxSelect,
          options: g.options.map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta, available: o.available && !o.stockOut })),
        })),
      })),
    })).filter((c) => c.items.length > 0),
  };
}
