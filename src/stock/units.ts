/**
 * Units and conversions, pure. Every quantity is stored as integer thousandths of its ingredient's
 * base unit (g, ml or piece); people type decimals in any unit of the same kind. Mass never
 * converts to volume (a density is a recipe decision, not a unit rule).
 */
import { AppError } from '../errors.js';

export type BaseUnit = 'g' | 'ml' | 'piece';

/** How many base units one of each unit is. */
export const UNITS: Readonly<Record<string, { base: BaseUnit; factor: number }>> = {
  mg: { base: 'g', factor: 0.001 },
  g: { base: 'g', factor: 1 },
  kg: { base: 'g', factor: 1000 },
  ml: { base: 'ml', factor: 1 },
  cl: { base: 'ml', factor: 10 },
  dl: { base: 'ml', factor: 100 },
  l: { base: 'ml', factor: 1000 },
  piece: { base: 'piece', factor: 1 },
  dozen: { base: 'piece', factor: 12 },
};

/** The thousandths scale of stored quantities. */
export const MILLI = 1000;

/** The unit's definition, or UNKNOWN_UNIT naming the ones that exist. */
export function unitInfo(unit: string): { base: BaseUnit; factor: number } {
  const info = Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  if (!info) throw new AppError('UNKNOWN_UNIT', `"${unit}" is not a unit Brigade knows; use one of ${Object.keys(UNITS).join(', ')}.`, { unit, known: Object.keys(UNITS) });
  return info;
}

/**
 * `quantity` of `unit` in thousandths of `base`, rounded to the nearest thousandth. A unit of
 * another kind (kg for a bottle counted in ml) is INCOMPATIBLE_UNITS.
 */
export function toMilli(quantity: number, unit: string, base: BaseUnit, path = 'quantity'): number {
  const info = unitInfo(unit);
  if (info.base !== base) {
    throw new AppError('INCOMPATIBLE_UNITS', `${unit} cannot be converted to ${base}: this ingredient is measured in ${base === 'piece' ? 'pieces' : base}.`, { unit, baseUnit: base, path });
  }
  const milli = Math.round(quantity * info.factor * MILLI);
  if (!Number.isSafeInteger(milli)) throw new AppError('VALIDATION_FAILED', 'That quantity is too large.', [{ path, message: 'Too large.' }]);
  return milli;
}

/** Like toMilli, for amounts that must be more than zero once rounded (a receipt of 0.0000001 kg is a typo). */
export function toMilliPositive(quantity: number, unit: string, base: BaseUnit, path = 'quantity'): number {
  const milli = toMilli(quantity, unit, base, path);
  if (milli <= 0) throw new AppError('VALIDATION_FAILED', `That is less than a thousandth of a ${base}; check the unit.`, [{ path, message: 'Rounds to zero.' }]);
  return milli;
}

/** Thousandths of the base unit expressed in `unit` (for showing levels in the unit people use). */
export function fromMilli(milli: number, unit: string): number {
  return milli / (unitInfo(unit).factor * MILLI);
}
