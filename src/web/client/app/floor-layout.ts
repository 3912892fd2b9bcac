/**
 * The floor plan editor's geometry, pure: the grid tables snap to, which tables overlap, where a
 * new table fits, and setting tables out in rows. Units are the box's floor-map units
 * (PUT /tables/layout: integers, 0 to 10 000).
 */

export interface Box { x: number; y: number; width: number; height: number }
export interface Placed extends Box { id: string; label: string }

/** One grid step, in floor-map units: tables snap to it when dropped or resized. */
export const GRID = 20;
/** The map's largest coordinate (the box refuses more). */
const MAX = 10_000;
/** The smallest table the editor draws: two grid steps each way. */
export const MIN_SIZE = GRID * 2;

/** A table's default size by shape, as the editor adds it: a bar is long and thin. */
export function sizeOf(shape: string): { width: number; height: number } {
  if (shape === 'bar') return { width: 200, height: 60 };
  if (shape === 'rect') return { width: 120, height: 80 };
  return { width: 80, height: 80 };
}

export const snap = (v: number): number => Math.round(v / GRID) * GRID;
const up = (v: number): number => Math.ceil(v / GRID) * GRID;
export const clampCoord = (v: number): number => Math.min(MAX, Math.max(0, Math.round(v)));
export const clampSize = (v: number): number => Math.min(MAX, Math.max(MIN_SIZE, Math.round(v)));

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every pair of tables that overlap, by label (the waiter's floor can only draw a layout with none). */
export function overlaps(tables: Placed[]): Array<[Placed, Placed]> {
  const out: Array<[Placed, Placed]> = [];
  tables.forEach((a, i) => { for (const b of tables.slice(i + 1)) if (overlap(a, b)) out.push([a, b]); });
  return out;
}

/** The first place on the grid, row by row within `across` units, where a table of this size touches none of `taken`. */
export function freeSlot(taken: Box[], width: number, height: number, across = 800): { x: number; y: number } {
  for (let y = GRID; y < MAX - height; y += GRID) {
    for (let x = GRID; x + width <= Math.max(across, width + GRID); x += GRID) {
      const spot = { x, y, width, height };
      // A grid step of room all round, so new tables never touch.
      if (!taken.some((t) => overlap({ x: t.x - GRID, y: t.y - GRID, width: t.width + 2 * GRID, height: t.height + 2 * GRID }, spot))) return { x, y };
    }
  }
  return { x: 0, y: 0 };
}

/** Sets tables out in rows, in label order, a grid step and a half apart: for an area whose tables were never placed. */
export function inRows(tables: Placed[], across = 800): Map<string, Box> {
  const out = new Map<string, Box>();
  const gap = GRID * 2;
  let x = GRID, y = GRID, rowHeight = 0;
  for (const t of [...tables].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }))) {
    if (x > GRID && x + t.width > across) { x = GRID; y += rowHeight + gap; rowHeight = 0; }
    out.set(t.id, { x, y, width: t.width, height: t.height });
    // Stepping by whole grid cells keeps every table on the grid whatever its size.
    x += up(t.width) + gap; rowHeight = Math.max(rowHeight, up(t.height));
  }
  return out;
}
