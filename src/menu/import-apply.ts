/**
 * Applies a checked import by name: a row whose name (ignoring case) is already on the box updates
 * it, a new name creates it, and a row equal to what the box has writes nothing — so importing an
 * export back is a no-op. In `replace` mode, items and options the file leaves out are marked
 * unavailable (never deleted: order history points at them).
 */
import type { CommandContext } from '../db/command.js';
import { changedFields, nameKey, sameValue } from './rules.js';
import type { ImportEntries } from './document.js';
import type { MenuSnapshot } from './tree.js';
import {
  saveCategory, saveGroup, saveItem, saveOption, writeLinks, type CategoryRow, type GroupRow, type ItemRow, type OptionRow,
} from './store.js';

export type ImportMode = 'merge' | 'replace';

export interface ImportCounts { created: number; updated: number; unchanged: number; madeUnavailable: number }

export interface ImportChanges {
  categories: ImportCounts;
  items: ImportCounts;
  optionGroups: ImportCounts;
  options: ImportCounts;
}

type Versioned = { id: string; version: number; updatedAt: number };
const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, madeUnavailable: 0 });
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Creates, updates (version + 1) or leaves a row, and counts which. */
function merge<R extends Versioned>(ctx: CommandContext, existing: R | undefined, fields: Partial<R>, fresh: () => R,
  save: (ctx: CommandContext, next: R, prev?: R) => void, c: ImportCounts): R {
  if (!existing) {
    const row = fresh();
    save(ctx, row);
    c.created += 1;
    return row;
  }
  const changes = changedFields(existing, fields);
  if (Object.keys(changes).length === 0) {
    c.unchanged += 1;
    return existing;
  }
  const next = { ...existing, ...changes, version: existing.version + 1, updatedAt: ctx.now };
  save(ctx, next, existing);
  c.updated += 1;
  return next;
}

/** Next free sort position per scope (a category's items, a group's options…), appending after the box's rows. */
class SortPositions {
  private readonly max = new Map<string, number>();
  constructor(rows: ReadonlyArray<{ scope: string; sortOrder: number }>) {
    for (const r of rows) this.see(r.scope, r.sortOrder);
  }
  see(scope: string, sortOrder: number): void {
    this.max.set(scope, Math.max(this.max.get(scope) ?? -1, sortOrder));
  }
  next(scope: string, given: number | undefined): number {
    const n = given ?? (this.max.get(scope) ?? -1) + 1;
    this.see(scope, n);
    return n;
  }
}

export function applyImport(ctx: CommandContext, s: MenuSnapshot, entries: ImportEntries, mode: ImportMode): ImportChanges {
  const out: ImportChanges = { categories: counts(), items: counts(), optionGroups: counts(), options: counts() };
  const base = { version: 1, createdAt: ctx.now, updatedAt: ctx.now };

  const cats = new Map(s.categories.map((c) => [nameKey(c.name), c]));
  const catSorts = new SortPositions(s.categories.map((c) => ({ scope: '', sortOrder: c.sortOrder })));
  for (const e of entries.categories) {
    const existing = cats.get(nameKey(e.name));
    const row = merge<CategoryRow>(ctx, existing, defined({ name: e.name, sortOrder: e.sortOrder }),
      () => ({ id: ctx.newId(), name: e.name, sortOrder: catSorts.next('', e.sortOrder), ...base }), saveCategory, out.categories);
    cats.set(nameKey(e.name), row);
  }

  const groups = new Map(s.groups.map((g) => [nameKey(g.name), g]));
  const groupSorts = new SortPositions(s.groups.map((g) => ({ scope: '', sortOrder: g.sortOrder })));
  for (const { loc: _loc, ...e } of entries.groups) {
    const row = merge<GroupRow>(ctx, groups.get(nameKey(e.name)), defined(e),
      () => ({ id: ctx.newId(), ...e, sortOrder: groupSorts.next('', e.sortOrder), ...base }), saveGroup, out.optionGroups);
    groups.set(nameKey(e.name), row);
  }

  const optionKey = (groupId: string, name: string) => `${groupId}\u0000${nameKey(name)}`;
  const opts = new Map(s.options.map((o) => [optionKey(o.groupId, o.name), o]));
  const optionSorts = new SortPositions(s.options.map((o) => ({ scope: o.groupId, sortOrder: o.sortOrder })));
  const seenOptions = new Set<string>();
  for (const { loc: _loc, group, ...e } of entries.options) {
    const groupId = groups.get(nameKey(group))!.id;
    const row = merge<OptionRow>(ctx, opts.get(optionKey(groupId, e.name)), defined(e),
      () => ({ id: ctx.newId(), groupId, ...e, externalId: e.externalId ?? null, stockOut: false, sortOrder: optionSorts.next(groupId, e.sortOrder), ...base }), saveOption, out.options);
    seenOptions.add(row.id);
  }

  const itemKey = (categoryId: string, name: string) => `${categoryId}\u0000${nameKey(name)}`;
  const items = new Map(s.items.map((i) => [itemKey(i.categoryId, i.name), i]));
  const itemSorts = new SortPositions(s.items.map((i) => ({ scope: i.categoryId, sortOrder: i.sortOrder })));
  const seenItems = new Set<string>();
  for (const { loc: _loc, category, optionGroups, ...e } of entries.items) {
    const categoryId = cats.get(nameKey(category))!.id;
    const groupIds = optionGroups.map((g) => groups.get(nameKey(g))!.id);
    const existing = items.get(itemKey(categoryId, e.name));
    let row = merge<ItemRow>(ctx, existing, defined(e),
      () => ({ id: ctx.newId(), categoryId, ...e, externalId: e.externalId ?? null, stockOut: false, sortOrder: itemSorts.next(categoryId, e.sortOrder), ...base }), saveItem, out.items);
    const links = existing ? s.links.get(existing.id) ?? [] : [];
    if (!sameValue(links, groupIds)) {
      if (row === existing) {
        // Only the links changed: the item's version still moves, so the link images carry a newer one.
        const next = { ...row, version: row.version + 1, updatedAt: ctx.now };
        saveItem(ctx, next, row);
        out.items.unchanged -= 1;
        out.items.updated += 1;
        row = next;
      }
      writeLinks(ctx, row, groupIds, links);
    }
    seenItems.add(row.id);
  }

  if (mode === 'replace') {
    for (const item of s.items) {
      if (seenItems.has(item.id) || !item.available) continue;
      saveItem(ctx, { ...item, available: false, version: item.version + 1, updatedAt: ctx.now }, item);
      out.items.madeUnavailable += 1;
    }
    for (const option of s.options) {
      if (seenOptions.has(option.id) || !option.available) continue;
      saveOption(ctx, { ...option, available: false, version: option.version + 1, updatedAt: ctx.now }, option);
      out.options.madeUnavailable += 1;
    }
  }
  return out;
}

/** True when the import wrote anything. */
export function importChanged(c: ImportChanges): boolean {
  return Object.values(c).some((k: ImportCounts) => k.created + k.updated + k.madeUnavailable > 0);
}
