/**
 * Which menu fields the cloud manages at this location (issue 17). While a central menu is live,
 * an edit of one of them on the box answers 409 CENTRALLY_MANAGED naming the field: the owner
 * changes it in the cloud (or sets a per-location override there). The menu's structure — adding,
 * deleting, renaming or regrouping categories, items, option groups and options — is the cloud's
 * too: a publish matches by name, so a local one would be undone or orphaned. Availability is never
 * managed: the kitchen must always be able to 86 an item or an option.
 */
import type { CommandContext } from '../db/command.js';
import type { Db } from '../db/open.js';
import { AppError } from '../errors.js';

export const CENTRAL_FIELDS = ['name', 'description', 'price', 'taxRateBp', 'station', 'tags', 'allergens', 'imageUrl', 'categoryId', 'sortOrder'] as const;
export type CentralField = (typeof CENTRAL_FIELDS)[number];

export interface CentralMenuState { publicationId: string | null; menuVersion: number | null; appliedAt: number | null; managedFields: string[] }

export function readCentralMenu(db: Db): CentralMenuState | null {
  const row = db.$client.prepare('select publication_id as publicationId, menu_version as menuVersion, applied_at as appliedAt, managed_fields as managedFields from central_menu where id = 1')
    .get() as { publicationId: string | null; menuVersion: number | null; appliedAt: number | null; managedFields: string } | undefined;
  return row ? { ...row, managedFields: JSON.parse(row.managedFields) as string[] } : null;
}

export function writeCentralMenu(ctx: CommandContext, s: { publicationId: string | null; menuVersion: number | null; managedFields: readonly string[] }): void {
  ctx.tx.$client.prepare(`insert into central_menu (id, publication_id, menu_version, applied_at, managed_fields, updated_at)
    values (1, ?, ?, ?, ?, ?) on conflict (id) do update set publication_id = excluded.publication_id, menu_version = excluded.menu_version,
    applied_at = excluded.applied_at, managed_fields = excluded.managed_fields, updated_at = excluded.updated_at`)
    .run(s.publicationId, s.menuVersion, ctx.now, JSON.stringify(s.managedFields), ctx.now);
}

/** 409 CENTRALLY_MANAGED when `fields` (the keys of an edit) touch a field the cloud manages here. */
export function assertLocallyEditable(db: Db, entity: string, fields: readonly string[]): void {
  const central = readCentralMenu(db);
  if (!central || central.managedFields.length === 0) return;
  const managed = fields.filter((f) => central.managedFields.includes(f));
  if (managed.length === 0) return;
  throw new AppError('CENTRALLY_MANAGED',
    `The ${entity}'s ${managed.join(', ')} ${managed.length === 1 ? 'is' : 'are'} managed in the cloud for this location; change ${managed.length === 1 ? 'it' : 'them'} there (or ask the owner for a per-location override).`,
    { field: managed[0], fields: managed, publicationId: central.publicationId, centralVersion: central.menuVersion });
}

/** 409 CENTRALLY_MANAGED (field `menu`) for a whole-menu import while the cloud manages the menu here. */
export function assertMenuNotCentral(db: Db): void {
  const central = readCentralMenu(db);
  if (!central || central.managedFields.length === 0) return;
  throw new AppError('CENTRALLY_MANAGED', 'This location\'s menu is managed in the cloud; import it there, or ask the owner to set the location to "local menu".',
    { field: 'menu', publicationId: central.publicationId, centralVersion: central.menuVersion });
}

/** A part of the menu's structure, named as in the menu document. */
export type MenuPart = 'categories' | 'items' | 'optionGroups' | 'options';
const PART_NAMES: Record<MenuPart, string> = { categories: 'categories', items: 'items', optionGroups: 'option groups', options: 'options' };
const ACTIONS = { create: 'added', delete: 'deleted', update: 'changed', link: 'linked to items' } as const;

/**
 * 409 CENTRALLY_MANAGED when the cloud manages this location's menu and the command would add,
 * delete or change a category, item, option group or option (`details.field` the part, `details.action`
 * what was tried). Item field edits go through `assertLocallyEditable`; availability is never refused.
 */
export function assertStructureLocal(db: Db, part: MenuPart, action: keyof typeof ACTIONS): void {
  const central = readCentralMenu(db);
  if (!central || central.managedFields.length === 0) return;
  throw new AppError('CENTRALLY_MANAGED',
    `This location's menu is managed in the cloud: ${PART_NAMES[part]} cannot be ${ACTIONS[action]} on the box; change the menu there (marking an item or option unavailable stays possible here).`,
    { field: part, action, publicationId: central.publicationId, centralVersion: central.menuVersion });
}
