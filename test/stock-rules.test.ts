import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explode, findCycle, isShort, nextAlerts, type PrepBook } from '../src/stock/rules.js';
import { fromMilli, toMilli } from '../src/stock/units.js';
import { AppError } from '../src/errors.js';

describe('units', () => {
  it('converts within a kind to thousandths of the base unit, and back', () => {
    expect(toMilli(1.5, 'kg', 'g')).toBe(1_500_000);
    expect(toMilli(33, 'cl', 'ml')).toBe(330_000);
    expect(toMilli(2, 'dozen', 'piece')).toBe(24_000);
    expect(toMilli(0.25, 'mg', 'g')).toBe(0);
    expect(fromMilli(1_500_000, 'kg')).toBe(1.5);
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (milli) => toMilli(fromMilli(milli, 'kg'), 'kg', 'g') === milli));
  });

  it('refuses other kinds and unknown units with codes', () => {
    const code = (f: () => unknown) => { try { f(); return null; } catch (e) { return (e as AppError).code; } };
    expect(code(() => toMilli(1, 'kg', 'ml'))).toBe('INCOMPATIBLE_UNITS');
    expect(code(() => toMilli(1, 'l', 'piece'))).toBe('INCOMPATIBLE_UNITS');
    expect(code(() => toMilli(1, 'cup', 'ml'))).toBe('UNKNOWN_UNIT');
    expect(code(() => toMilli(1, 'toString', 'ml'))).toBe('UNKNOWN_UNIT');
  });
});

describe('recipes', () => {
  const preps: PrepBook = new Map([
    ['sauce', { batchQuantity: 1_000_000, lines: [{ ingredientId: 'mayo', quantity: 500_000 }, { ingredientId: 'base', quantity: 300_000 }] }],
    ['base', { batchQuantity: 600_000, lines: [{ ingredientId: 'tomato', quantity: 900_000 }] }],
  ]);

  it('explodes prep items (nested) into raw ingredients, scaled, and treats removals past zero as zero', () => {
    const need = explode([{ ingredientId: 'sauce', quantity: 20_000 }, { ingredientId: 'onion', quantity: 20_000 }, { ingredientId: 'onion', quantity: -30_000 }], 3, preps);
    expect(Object.fromEntries(need)).toEqual({ mayo: 30_000, tomato: 27_000 });
  });

  it('finds cycles through prep items and allows what has none', () => {
    expect(findCycle('base', [{ ingredientId: 'sauce', quantity: 1 }], preps)).toEqual(['base', 'sauce', 'base']);
    expect(findCycle('sauce', [{ ingredientId: 'base', quantity: 1 }], preps)).toBeNull();
    expect(findCycle('new', [{ ingredientId: 'sauce', quantity: 1 }], preps)).toBeNull();
  });

  it('an item is short when any needed ingredient is below one portion', () => {
    expect(isShort(new Map([['a', 10], ['b', 5]]), new Map([['a', 10], ['b', 5]]))).toBe(false);
    expect(isShort(new Map([['a', 10], ['b', 5]]), new Map([['a', 10], ['b', 4]]))).toBe(true);
    expect(isShort(new Map([['a', 10]]), new Map())).toBe(true);
  });
});

describe('alerts', () => {
  it('never flap: once raised, a low alert holds until 20 % above the threshold, whatever the path', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -2000, max: 3000 }), { maxLength: 40 }), (levels) => {
      let open = new Set<'low' | 'days' | 'negative'>();
      for (const onHand of levels) {
        const next = nextAlerts({ onHand, lowThreshold: 1000, minDaysOfSupply: null, dailyUsage: 0 }, open);
        if (onHand <= 1000) expect(next.has('low')).toBe(true);
        if (onHand >= 1200) expect(next.has('low')).toBe(false);
        if (onHand > 1000 && onHand < 1200) expect(next.has('low')).toBe(open.has('low'));
        expect(next.has('negative')).toBe(onHand < 0);
        open = next;
      }
    }));
  });

  it('days of supply clears at 1.25 × the minimum', () => {
    const at = (onHand: number, open: boolean) => nextAlerts({ onHand, lowThreshold: null, minDaysOfSupply: 2, dailyUsage: 100 }, new Set(open ? ['days'] : [])).has('days');
    expect([at(199, false), at(200, false), at(240, true), at(250, true)]).toEqual([true, false, true, false]);
  });
});
