import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { createCategory, deleteCategory, updateCategory } from './categories.js';
import { createItem, deleteItem, setItemAvailability, setItemGroups, updateItem } from './items.js';
import { createGroup, createOption, deleteGroup, deleteOption, updateGroup, updateOption } from './option-groups.js';
import { readSnapshot } from './tree.js';
import { ServedTreeCache, type ServedTree } from './served-tree.js';
import { documentFromSnapshot, type MenuDocumentView, type ParsedImport } from './document.js';
import type { ImportMode } from './import-apply.js';
import { importWithin, type ImportResult } from './import-run.js';
import { assertMenuNotCentral, assertStructureLocal, type MenuPart } from './central.js';
import { currencyDigits } from './decimal.js';
import { menuToCsv } from './menu-csv.js';
import { itemAvailabilityHistory, latestAvailabilityChanges } from './availability-history.js';
import type {
  AvailabilityChangeView, CategoryView, CreateCategoryInput, CreateGroupInput, CreateItemInput, CreateOptionInput, MenuItemView, MenuTreeView,
  OptionGroupView, OptionView, SetItemGroupsInput, UpdateCategoryInput, UpdateGroupInput, UpdateItemInput, UpdateOptionInput,
} from './schemas.js';

export type { ImportResult } from './import-run.js';

type Deleted = { id: string; deleted: true };


/**
 * Menu commands and queries. Every change runs in one command transaction, bumps the menu version
 * (the tree's ETag) and announces `menu.updated`; availability changes also announce `menu.availability`.
 */
export class MenuService {
  private readonly served = new ServedTreeCache();

  constructor(private readonly deps: CommandDeps) {}

  private run<T>(actor: Actor, body: (ctx: CommandContext) => T): Promise<T> {
    return runCommand(this.deps, actor, body);
  }

  /**
   * The tree as served: UTF-8 JSON (and gzipped) with its ETag, built once per menu version. A GET
   * costs one small query (the version); any writer (this process or the CLI) bumps the version, so
   * the cache never serves a stale menu.
   */
  servedTree(): ServedTree {
    return this.served.get(this.deps.db, loadRestaurant(this.deps.db).menuVersion);
  }

  /** The whole menu: categories → items → linked option groups → options, each in sort order. */
  tree(): MenuTreeView {
    return JSON.parse(new TextDecoder().decode(this.servedTree().body)) as MenuTreeView;
  }

  /**
   * A command that changes the menu's structure: refused with 409 CENTRALLY_MANAGED (inside the same
   * transaction, so a publish applied meanwhile is seen) while the cloud manages this location's menu.
   */
  private structural<T>(actor: Actor, part: MenuPart, action: 'create' | 'delete' | 'update' | 'link', body: (ctx: CommandContext) => T): Promise<T> {
    return this.run(actor, (ctx) => {
      assertStructureLocal(ctx.tx, part, action);
      return body(ctx);
    });
  }

  createCategory(actor: Actor, input: CreateCategoryInput): Promise<CategoryView> { return this.structural(actor, 'categories', 'create', (ctx) => createCategory(ctx, input)); }
  updateCategory(actor: Actor, id: string, input: UpdateCategoryInput): Promise<CategoryView> { return this.structural(actor, 'categories', 'update', (ctx) => updateCategory(ctx, id, input)); }
  deleteCategory(actor: Actor, id: string, expectedVersion?: number): Promise<Deleted> { return this.structural(actor, 'categories', 'delete', (ctx) => deleteCategory(ctx, id, expectedVersion)); }

  createItem(actor: Actor, input: CreateItemInput): Promise<MenuItemView> { return this.structural(actor, 'items', 'create', (ctx) => createItem(ctx, input)); }
  /** Item fields the cloud manages answer 409 CENTRALLY_MANAGED naming the field (items.ts). */
  updateItem(actor: Actor, id: string, input: UpdateItemInput): Promise<MenuItemView> { return this.run(actor, (ctx) => updateItem(ctx, id, input)); }
  /** 86 (available false) or un-86 an item; the same call twice changes nothing the second time. Always local. */
  setItemAvailability(actor: Actor, id: string, available: boolean): Promise<MenuItemView> { return this.run(actor, (ctx) => setItemAvailability(ctx, id, available)); }
  setItemGroups(actor: Actor, id: string, input: SetItemGroupsInput): Promise<MenuItemView> { return this.structural(actor, 'optionGroups', 'link', (ctx) => setItemGroups(ctx, id, input)); }
  deleteItem(actor: Actor, id: string, expectedVersion?: number): Promise<Deleted> { return this.structural(actor, 'items', 'delete', (ctx) => deleteItem(ctx, id, expectedVersion)); }

  createGroup(actor: Actor, input: CreateGroupInput): Promise<OptionGroupView> { return this.structural(actor, 'optionGroups', 'create', (ctx) => createGroup(ctx, input)); }
  updateGroup(actor: Actor, id: string, input: UpdateGroupInput): Promise<OptionGroupView> { return this.structural(actor, 'optionGroups', 'update', (ctx) => updateGroup(ctx, id, input)); }
  deleteGroup(actor: Actor, id: string, expectedVersion?: number): Promise<Deleted> { return this.structural(actor, 'optionGroups', 'delete', (ctx) => deleteGroup(ctx, id, expectedVersion)); }

  createOption(actor: Actor, groupId: string, input: CreateOptionInput): Promise<OptionView> { return this.structural(actor, 'options', 'create', (ctx) => createOption(ctx, groupId, input)); }
  /** Only `available` (and expectedVersion) stays local while the cloud manages the menu. */
  updateOption(actor: Actor, id: string, input: UpdateOptionInput): Promise<OptionView> {
    const local = Object.keys(input).every((k) => k === 'available' || k === 'expectedVersion');
    return local ? this.run(actor, (ctx) => updateOption(ctx, id, input)) : this.structural(actor, 'options', 'update', (ctx) => updateOption(ctx, id, input));
  }
  setOptionAvailability(actor: Actor, id: string, available: boolean): Promise<OptionView> { return this.run(actor, (ctx) => updateOption(ctx, id, { available })); }
  deleteOption(actor: Actor, id: string, expectedVersion?: number): Promise<Deleted> { return this.structural(actor, 'options', 'delete', (ctx) => deleteOption(ctx, id, expectedVersion)); }

  /** Who last 86'd or un-86'd each item, and when (from the audit log). */
  availabilityChanges(): AvailabilityChangeView[] { return latestAvailabilityChanges(this.deps.db); }
  /** One item's 86 / un-86 history, newest first. */
  availabilityHistory(itemId: string, limit: number): AvailabilityChangeView[] { return itemAvailabilityHistory(this.deps.db, itemId, limit); }

  /** Decimals of the box currency's minor unit, for reading and writing CSV prices. */
  currencyDigits(): number {
    return currencyDigits(loadRestaurant(this.deps.db).currency);
  }

  /** The whole menu as a document (JSON) or sheet (CSV); importing it back changes nothing. */
  exportMenu(format: 'json'): { menuVersion: number; document: MenuDocumentView };
  exportMenu(format: 'csv'): { menuVersion: number; csv: string };
  exportMenu(format: 'json' | 'csv'): { menuVersion: number; document?: MenuDocumentView; csv?: string } {
    const { snapshot, currency } = this.deps.db.transaction((tx) => ({ snapshot: readSnapshot(tx), currency: loadRestaurant(tx).currency }));
    const document = documentFromSnapshot(snapshot, currency);
    if (format === 'json') return { menuVersion: snapshot.menuVersion, document };
    return { menuVersion: snapshot.menuVersion, csv: menuToCsv(document, currencyDigits(currency)) };
  }

  /**
   * Imports a parsed file by name, all or nothing: the file's own problems and those found against
   * the box are reported together (400 IMPORT_INVALID, every row with its line or path) and nothing
   * is written. An import that matches the box writes nothing at all, not even a version bump.
   */
  importMenu(actor: Actor, parsed: ParsedImport, mode: ImportMode): Promise<ImportResult> {
    return this.run(actor, (ctx) => {
      assertMenuNotCentral(ctx.tx);
      return importWithin(ctx, parsed, mode);
    });
  }
}
