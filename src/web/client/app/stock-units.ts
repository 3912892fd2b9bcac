/**
 * Stock screens: units as people read and type them. The box stores every quantity as integer
 * thousandths of the ingredient's base unit (g, ml or piece) and converts what is typed itself
 * (src/stock/units.ts); the app only needs the factors to show stored figures and thresholds in
 * the unit an ingredient is counted in, and to offer the units of the same kind.
 */
export type BaseUnit = 'g' | 'ml' | 'piece';

/** How many base units one of each unit is: the box's table, for showing figures only. */
const FACTOR: Readonly<Record<string, { base: BaseUnit; factor: number }>> = {
  mg: { base: 'g', factor: 0.001 }, g: { base: 'g', factor: 1 }, kg: { base: 'g', factor: 1000 },
  ml: { base: 'ml', factor: 1 }, cl: { base: 'ml', factor: 10 }, dl: { base: 'ml', factor: 100 }, l: { base: 'ml', factor: 1000 },
  piece: { base: 'piece', factor: 1 }, dozen: { base: 'piece', factor: 12 },
};

export const ALL_UNITS = Object.keys(FACTOR);

/** The units an ingredient of this base can be typed in (kg of cola is refused by the box). */
export const unitsOf = (base: BaseUnit): string[] => ALL_UNITS.filter((u) => FACTOR[u]?.base === base);

/** Whether two units measure the same thing (kg and g do; kg and l do not). */
export const sameKind = (a: string, b: string): boolean => FACTOR[a]?.base === FACTOR[b]?.base;

/** Stored thousandths of the base unit as a number of `unit`. */
export function inUnit(milli: number, unit: string): number {
  return milli / ((FACTOR[unit]?.factor ?? 1) * 1000);
}

/** A number of `unit` in thousandths of its base unit (to carry typed figures over a change of unit). */
export function milliOf(n: number, unit: string): number {
  return n * (FACTOR[unit]?.factor ?? 1) * 1000;
}

/** "2.5 kg", "−0.18 kg", "12 pieces": at most three decimals, no trailing zeros. */
export function qty(milli: number, unit: string): string {
  const n = inUnit(milli, unit);
  const text = Number(n.toFixed(3)).toLocaleString(undefined, { maximumFractionDigits: 3 }).replace('-', '\u2212');
  return `${text} ${unit === 'piece' && Math.abs(n) !== 1 ? 'pieces' : unit}`;
}

/** A recipe quantity per portion, in the unit that reads best: 180 g rather than 0.18 kg, 1.5 kg rather than 1500 g. */
export function portion(milli: number, base: BaseUnit): string {
  if (base === 'piece') return qty(milli, 'piece');
  const big = base === 'g' ? 'kg' : 'l';
  return Math.abs(milli) >= 1_000_000 ? qty(milli, big) : qty(milli, base);
}

/** A typed decimal ("2,5" from a comma keyboard too, "−20" with a typographic minus), or null when it is not a number. */
export function parseAmount(text: string): number | null {
  const t = text.trim().replace(',', '.').replace('\u2212', '-');
  if (!t || !/^-?\d*\.?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}
