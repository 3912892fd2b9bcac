import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, computeTotals, roundDiv, type TotalsInput } from '../src/orders/totals.js';

const discount = fc.option(fc.oneof(
  fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 200_000 }) }),
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 10_000 }) }),
), { nil: null });

const line = fc.record({
  id: fc.uuid(),
  unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
  optionsPrice: fc.integer({ min: -500, max: 5_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
  taxRateBp: fc.constantFrom(0, 550, 1000, 2000, 1925),
  discount,
  voided: fc.boolean(),
});

const order: fc.Arbitrary<TotalsInput> = fc.record({
  lines: fc.array(line, { maxLength: 30 }),
  orderDiscount: discount,
  serviceChargeBp: fc.integer({ min: 0, max: 2_500 }),
  taxMode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
});

describe('order totals (property-tested)', () => {
  it('line dues add up to the order total: no cent appears or vanishes', () => {
    fc.assert(fc.property(order, (input) => {
      const t = computeTotals(input);
      expect(t.lines.reduce((s, l) => s + l.due, 0)).toBe(t.total);
    }), { numRuns: 2_000 });
  });

  it('subtotal = net + discounts, and tax and service shares add up to their totals', () => {
    fc.assert(fc.property(order, (input) => {
      const t = computeTotals(input);
      expect(t.net + t.discountTotal).toBe(t.subtotal);
      expect(t.lines.reduce((s, l) => s + l.net, 0)).toBe(t.net);
      expect(t.lines.reduce((s, l) => s + l.tax, 0)).toBe(t.taxTotal);
      expect(t.taxByRate.reduce((s, r) => s + r.tax, 0)).toBe(t.taxTotal);
      expect(t.lines.reduce((s, l) => s + l.serviceShare, 0)).toBe(t.serviceCharge);
      expect(t.total).toBe(t.net + t.serviceCharge + (input.taxMode === 'exclusive' ? t.taxTotal : 0));
    }), { numRuns: 2_000 });
  });

  it('never produces a negative amount, and a discount never exceeds what it discounts', () => {
    fc.assert(fc.property(order, (input) => {
      const t = computeTotals(input);
      for (const l of t.lines) {
        for (const v of [l.gross, l.lineDiscount, l.orderDiscountShare, l.net, l.serviceShare, l.tax, l.due]) expect(v).toBeGreaterThanOrEqual(0);
        expect(l.lineDiscount + l.orderDiscountShare).toBeLessThanOrEqual(l.gross);
      }
      if (input.taxMode === 'inclusive') for (const l of t.lines) expect(l.tax).toBeLessThanOrEqual(l.net);
    }), { numRuns: 2_000 });
  });

  it('the order lines are listed in changes no figure, not even a line share', () => {
    fc.assert(fc.property(order, (input) => {
      const byId = (t: ReturnType<typeof computeTotals>) => ({ ...t, lines: [...t.lines].sort((x, y) => (x.id < y.id ? -1 : 1)) });
      const a = computeTotals(input);
      const b = computeTotals({ ...input, lines: [...input.lines].reverse() });
      expect(byId(b)).toEqual(byId(a));
    }), { numRuns: 3_000 });
  });

  it('two equal lines at different tax rates: the order discount cent lands the same way whichever is listed first', () => {
    const lines = [
      { id: 'b-line', unitPrice: 103, optionsPrice: 0, quantity: 1, taxRateBp: 2000, discount: null, voided: false },
      { id: 'a-line', unitPrice: 103, optionsPrice: 0, quantity: 1, taxRateBp: 0, discount: null, voided: false },
    ];
    const input = { taxMode: 'exclusive' as const, serviceChargeBp: 0, orderDiscount: { kind: 'amount' as const, value: 1 } };
    expect(computeTotals({ ...input, lines }).taxTotal).toBe(computeTotals({ ...input, lines: [...lines].reverse() }).taxTotal);
  });

  it('voided lines contribute nothing', () => {
    fc.assert(fc.property(order, (input) => {
      const withoutVoided = computeTotals({ ...input, lines: input.lines.filter((l) => !l.voided) });
      const t = computeTotals(input);
      expect(t.total).toBe(withoutVoided.total);
    }), { numRuns: 500 });
  });

  it('allocate splits exactly, in proportion, at any size', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 20 }), (amount, weights) => {
      const shares = allocate(amount, weights);
      const total = weights.reduce((a, b) => a + b, 0);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total === 0 ? 0 : amount);
      shares.forEach((s, i) => {
        if (total > 0) expect(Math.abs(s - (amount * weights[i]!) / total)).toBeLessThan(1 + 1e-6);
      });
    }), { numRuns: 1_000 });
  });
});

describe('order totals (worked examples)', () => {
  const base = { id: 'a', optionsPrice: 0, quantity: 1, discount: null, voided: false };

  it('rounds half up: 10 % of 0.05 is 0.01', () => {
    expect(roundDiv(5 * 1000, 10_000)).toBe(1);
    expect(roundDiv(4 * 1000, 10_000)).toBe(0);
  });

  it('exclusive tax is added on top, per rate, rounded once', () => {
    const t = computeTotals({ taxMode: 'exclusive', serviceChargeBp: 0, orderDiscount: null, lines: [
      { ...base, id: 'a', unitPrice: 333, taxRateBp: 1000 },
      { ...base, id: 'b', unitPrice: 333, taxRateBp: 1000 },
      { ...base, id: 'c', unitPrice: 333, taxRateBp: 1000 },
    ] });
    // 999 × 10 % = 99.9 → 100 (rounded once on the sum, not 33 + 33 + 33 = 99)
    expect(t.taxTotal).toBe(100);
    expect(t.total).toBe(1099);
  });

  it('inclusive tax is extracted from the price: €11.00 at 10 % holds €1.00 of tax', () => {
    const t = computeTotals({ taxMode: 'inclusive', serviceChargeBp: 0, orderDiscount: null, lines: [{ ...base, unitPrice: 1100, taxRateBp: 1000 }] });
    expect(t.taxTotal).toBe(100);
    expect(t.total).toBe(1100);
  });

  it('a 10 % order discount and 12.5 % service charge on €30.00 at 20 % exclusive tax', () => {
    const t = computeTotals({ taxMode: 'exclusive', serviceChargeBp: 1250, orderDiscount: { kind: 'percent', value: 1000 }, lines: [
      { ...base, id: 'a', unitPrice: 1000, quantity: 2, taxRateBp: 2000 },
      { ...base, id: 'b', unitPrice: 1000, taxRateBp: 2000 },
    ] });
    expect(t).toMatchObject({ subtotal: 3000, discountTotal: 300, net: 2700, serviceCharge: 338, taxTotal: 540, total: 3578 });
  });
});
