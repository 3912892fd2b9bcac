/**
 * The central menu's document: the same JSON as the box's menu export/import, checked with the
 * box's own import rules (so a menu the cloud accepts is one the box accepts), and the
 * per-location overrides (price, availability, station) applied to it before it is sent.
 */
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { parseMenuJson } from '../../src/menu/import-json.js';
import { checkImport } from '../../src/menu/import-check.js';
import { sortProblems } from '../../src/menu/document.js';
import { nameKey } from '../../src/menu/rules.js';
import { MenuName, Price, Station } from '../../src/menu/schemas.js';
import type { MenuSnapshot } from '../../src/menu/tree.js';

const EMPTY: MenuSnapshot = { menuVersion: 0, categories: [], items: [], groups: [], options: [], links: new Map() };

/** 400 IMPORT_INVALID with every problem (path and reason) unless the document passes the box's import rules. */
export function assertMenuDocument(document: unknown): void {
  const currency = document && typeof document === 'object' ? (document as { currency?: unknown }).currency : undefined;
  const parsed = parseMenuJson(JSON.stringify(document), typeof currency === 'string' ? currency : '');
  const problems = sortProblems([...parsed.problems, ...checkImport(EMPTY, parsed.entries)]);
  if (problems.length > 0) {
    throw new AppError('IMPORT_INVALID', `The menu has ${problems.length} problem(s); nothing was saved.`, problems.slice(0, 500));
  }
}

export const Override = z.object({
  category: MenuName,
  item: MenuName,
  price: Price.optional(),
  available: z.boolean().optional(),
  station: Station.optional(),
}).strict();
export type Override = z.infer<typeof Override>;
export const Overrides = z.array(Override).max(5000);

interface DocItem { name: string; price?: number; available?: boolean; station?: string }
interface Doc { categories?: Array<{ name: string; items?: DocItem[] }> }

/** The document with this location's overrides applied (an override for an item the menu lacks is ignored). */
export function withOverrides<T>(document: T, overrides: readonly Override[]): T {
  const copy = structuredClone(document) as Doc;
  for (const o of overrides) {
    const category = copy.categories?.find((c) => nameKey(c.name) === nameKey(o.category));
    const item = category?.items?.find((i) => nameKey(i.name) === nameKey(o.item));
    if (!item) continue;
    if (o.price !== undefined) item.price = o.price;
    if (o.available !== undefined) item.available = o.available;
    if (o.station !== undefined) item.station = o.station;
  }
  return copy as T;
}
