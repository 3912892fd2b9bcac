/**
 * The menu as a file: the JSON document the export writes and the import reads, the row schemas
 * both formats validate with, and the flat entries the importer works on (each remembering where
 * in the file it came from, so every problem can name its line or path).
 */
import { z } from '@hono/zod-openapi';
import {
  Description, ExternalId, ImageUrl, Labels, MaxSelect, MenuName, MinSelect, Price, PriceDelta, Selection, SortOrder, Station, TaxRateBp,
} from './schemas.js';
import type { MenuSnapshot } from './tree.js';

export const DocOption = z.object({
  name: MenuName,
  priceDelta: PriceDelta.default(0),
  available: z.boolean().default(true),
  sortOrder: SortOrder.optional(),
  /** Absent keeps the box's; null clears it (issue 21). */
  externalId: ExternalId.optional(),
}).strict().openapi('MenuFileOption');

export const DocGroupFields = z.object({
  name: MenuName,
  selection: Selection,
  required: z.boolean().optional(),
  minSelect: MinSelect.optional(),
  maxSelect: MaxSelect.optional(),
  sortOrder: SortOrder.optional(),
}).strict();

export const DocItem = z.object({
  name: MenuName,
  description: Description.default(''),
  price: Price,
  taxRateBp: TaxRateBp,
  station: Station,
  tags: Labels.default([]),
  allergens: Labels.default([]),
  imageUrl: ImageUrl.default(null),
  sortOrder: SortOrder.optional(),
  available: z.boolean().default(true),
  /** Linked option groups by name, in the order the tablet shows them. */
  optionGroups: z.array(MenuName).max(20).default([]),
  /** The PLU delivery platforms send (issue 21). Absent keeps the box's; null clears it. */
  externalId: ExternalId.optional(),
}).strict().openapi('MenuFileItem');

export const DocCategoryFields = z.object({ name: MenuName, sortOrder: SortOrder.optional() }).strict();

/** The whole menu as one JSON document (GET /menu/export?format=json; POST /menu/import). Matched by name on import. */
export const MenuDocument = z.object({
  format: z.literal('brigade.menu').optional(),
  formatVersion: z.literal(1).optional(),
  /** When present, must be the box's currency: prices are in its minor units. */
  currency: z.string().optional(),
  /** Informational: the menu version the export was taken at. */
  menuVersion: z.number().optional(),
  categories: z.array(DocCategoryFields.extend({ items: z.array(DocItem).default([]) })),
  optionGroups: z.array(DocGroupFields.extend({ options: z.array(DocOption).default([]) })).default([]),
}).strict().openapi('MenuFile');
export type MenuDocumentView = z.infer<typeof MenuDocument>;

// ---------- flat entries ----------

/** Where an entry came from: a CSV line, or a JSON path like categories[2].items[0]. */
export interface Loc {
  line?: number;
  path?: string;
}

export interface ImportProblem {
  line?: number;
  path?: string;
  field?: string;
  reason: string;
}

export interface CategoryEntry { loc: Loc; name: string; sortOrder?: number }
export interface ItemEntry {
  loc: Loc; category: string; name: string; description: string; price: number; taxRateBp: number; station: string;
  tags: string[]; allergens: string[]; imageUrl: string | null; sortOrder?: number; available: boolean; optionGroups: string[]; externalId?: string | null;
}
export interface GroupEntry {
  loc: Loc; name: string; selection: 'single' | 'multi'; minSelect: number; maxSelect: number; required: boolean; sortOrder?: number;
}
export interface OptionEntry { loc: Loc; group: string; name: string; priceDelta: number; available: boolean; sortOrder?: number; externalId?: string | null }

export interface ImportEntries {
  categories: CategoryEntry[];
  items: ItemEntry[];
  groups: GroupEntry[];
  options: OptionEntry[];
  /** Names of category and group rows that were refused: references to them are not reported a second time. */
  refused: { categories: string[]; groups: string[] };
}

export const emptyEntries = (): ImportEntries => ({ categories: [], items: [], groups: [], options: [], refused: { categories: [], groups: [] } });

/** The name of a refused row, when it has a readable one. */
export function salvageName(raw: unknown): string | undefined {
  const name = raw && typeof raw === 'object' ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name.trim().normalize('NFC') : undefined;
}

/** A parsed file: every row that could be read, and a problem for every one that could not. */
export interface ParsedImport {
  format: 'json' | 'csv';
  entries: ImportEntries;
  problems: ImportProblem[];
}

/** CSV column names for entry fields, so a problem names the column the manager sees. */
const FIELD_COLUMNS: Record<string, string> = {
  taxRateBp: 'tax_rate', imageUrl: 'image_url', sortOrder: 'sort', optionGroups: 'option_groups',
  minSelect: 'min', maxSelect: 'max', priceDelta: 'price', externalId: 'external_id',
};

export function problemAt(loc: Loc, field: string | undefined, reason: string): ImportProblem {
  if (loc.line !== undefined) {
    const column = field === undefined ? undefined : (FIELD_COLUMNS[field.split('.')[0]!] ?? field.split('.')[0]);
    return column === undefined ? { line: loc.line, reason } : { line: loc.line, field: column, reason };
  }
  return field === undefined ? { path: loc.path, reason } : { path: loc.path, field, reason };
}

/** Problems in file order: by line for CSV, by path (numbers compared as numbers) for JSON. */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)
    || (a.path ?? '').localeCompare(b.path ?? '', 'en', { numeric: true }));
}

// ---------- export ----------

/** The box's menu as a document; importing it back changes nothing. */
export function documentFromSnapshot(s: MenuSnapshot, currency: string): MenuDocumentView {
  const groupName = new Map(s.groups.map((g) => [g.id, g.name]));
  return {
    format: 'brigade.menu', formatVersion: 1, currency, menuVersion: s.menuVersion,
    categories: s.categories.map((c) => ({
      name: c.name, sortOrder: c.sortOrder,
      items: s.items.filter((i) => i.categoryId === c.id).map((i) => ({
        name: i.name, description: i.description, price: i.price, taxRateBp: i.taxRateBp, station: i.station,
        tags: i.tags, allergens: i.allergens, imageUrl: i.imageUrl, sortOrder: i.sortOrder, available: i.available,
        optionGroups: (s.links.get(i.id) ?? []).map((id) => groupName.get(id) ?? id), externalId: i.externalId,
      })),
    })),
    optionGroups: s.groups.map((g) => ({
      name: g.name, selection: g.selection, required: g.required, minSelect: g.minSelect, maxSelect: g.maxSelect, sortOrder: g.sortOrder,
      options: s.options.filter((o) => o.groupId === g.id).map((o) => ({ name: o.name, priceDelta: o.priceDelta, available: o.available, sortOrder: o.sortOrder, externalId: o.externalId })),
    })),
  };
}
