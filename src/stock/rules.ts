/**
 * Stock rules, pure: recipe explosion through prep items, cycle detection, whether on-hand covers
 * a recipe, and alert hysteresis. No I/O; the services feed them rows.
 */

/** One recipe line as the rules need it. */
export interface RecipeEntry { ingredientId: string; quantity: number }

/** Prep items by id: their batch size and recipe (per batch). */
export type PrepBook = ReadonlyMap<string, { batchQuantity: number; lines: readonly RecipeEntry[] }>;

/**
 * What `entries` × `times` takes from stock, per raw ingredient: prep items are replaced by their
 * own recipe scaled to the amount used (rounded to the thousandth once, at the end). Negative
 * totals (an option removing more than the dish has) count as zero: nothing comes back to the shelf.
 */
export function explode(entries: readonly RecipeEntry[], times: number, preps: PrepBook): Map<string, number> {
  const exact = new Map<string, number>();
  const walk = (list: readonly RecipeEntry[], scale: number, depth: number) => {
    if (depth > 16) return; // cycles are refused on write; this is a guard, not a rule
    for (const e of list) {
      const prep = preps.get(e.ingredientId);
      if (prep && prep.lines.length > 0 && prep.batchQuantity > 0) walk(prep.lines, (scale * e.quantity) / prep.batchQuantity, depth + 1);
      else exact.set(e.ingredientId, (exact.get(e.ingredientId) ?? 0) + scale * e.quantity);
    }
  };
  walk(entries, times, 0);
  const out = new Map<string, number>();
  for (const [id, q] of exact) {
    const rounded = Math.round(q);
    if (rounded > 0) out.set(id, rounded);
  }
  return out;
}

/**
 * Whether giving `prepId` the recipe `lines` would make a prep item contain itself, directly or
 * through others. Returns the cycle as a path of ids, or null.
 */
export function findCycle(prepId: string, lines: readonly RecipeEntry[], preps: PrepBook): string[] | null {
  const visit = (id: string, path: string[]): string[] | null => {
    if (id === prepId) return [...path, id];
    if (path.includes(id)) return null;
    for (const e of preps.get(id)?.lines ?? []) {
      const found = visit(e.ingredientId, [...path, id]);
      if (found) return found;
    }
    return null;
  };
  for (const e of lines) {
    const found = visit(e.ingredientId, [prepId]);
    if (found) return found;
  }
  return null;
}

/** True when some ingredient the portion needs is short: the item (or option) must come off the tablets. */
export function isShort(need: ReadonlyMap<string, number>, onHand: ReadonlyMap<string, number>): boolean {
  for (const [id, q] of need) if (q > 0 && (onHand.get(id) ?? 0) < q) return true;
  return false;
}

/** Low alerts clear only once stock is 20 % above the threshold, so one portion back and forth does not flap. */
export const LOW_CLEAR_FACTOR = 1.2;
/** Days-of-supply alerts clear at 1.25 × the minimum days. */
export const DAYS_CLEAR_FACTOR = 1.25;

export type AlertKind = 'low' | 'days' | 'negative';

export interface AlertInput {
  onHand: number;
  lowThreshold: number | null;
  minDaysOfSupply: number | null;
  /** Average daily usage over the last 7 days, thousandths of the base unit (0 = none). */
  dailyUsage: number;
}

/** Days of supply left at the recent usage rate (null when nothing was used: it lasts forever). */
export function daysLeft(onHand: number, dailyUsage: number): number | null {
  return dailyUsage > 0 ? Math.max(0, onHand) / dailyUsage : null;
}

/**
 * Which alerts should be open given which are open now (hysteresis: raise at the limit, clear
 * only well past it).
 */
export function nextAlerts(input: AlertInput, open: ReadonlySet<AlertKind>): Set<AlertKind> {
  const next = new Set<AlertKind>();
  if (input.onHand < 0) next.add('negative');
  if (input.lowThreshold !== null) {
    const raise = input.onHand <= input.lowThreshold;
    const stay = open.has('low') && input.onHand < Math.ceil(input.lowThreshold * LOW_CLEAR_FACTOR);
    if (raise || stay) next.add('low');
  }
  if (input.minDaysOfSupply !== null) {
    const days = daysLeft(input.onHand, input.dailyUsage);
    if (days !== null) {
      const raise = days < input.minDaysOfSupply;
      const stay = open.has('days') && days < input.minDaysOfSupply * DAYS_CLEAR_FACTOR;
      if (raise || stay) next.add('days');
    }
  }
  return next;
}
