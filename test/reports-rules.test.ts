import { describe, expect, it } from 'vitest';
import { dayFigures, nextDay, writeDay, type FigureOrder } from '../src/reports/rules.js';

const order = (status: string, extra: Partial<FigureOrder> = {}): FigureOrder => ({
  status, guestCount: 2, subtotal: 1000, discountTotal: 0, serviceCharge: 0, taxTotal: 100, total: 1100, discount: null, serviceChargeBp: 0, taxMode: 'exclusive',
  lines: [{ id: 'a', unitPrice: 1000, optionsPrice: 0, quantity: 1, taxRateBp: 1000, discount: null, state: 'served' }], ...extra,
});

describe('the business day a write belongs to', () => {
  it('is the clock\'s day before any Z, and after a Z of an earlier day', () => {
    expect(writeDay('2026-11-20', null)).toBe('2026-11-20');
    expect(writeDay('2026-11-20', '2026-11-19')).toBe('2026-11-20');
  });

  it('is the day after the last Z once the Z closed the clock\'s day or a later one, across months and years', () => {
    expect(writeDay('2026-11-20', '2026-11-20')).toBe('2026-11-21');
    expect(writeDay('2026-11-20', '2026-11-21')).toBe('2026-11-22');
    expect(writeDay('2026-12-31', '2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});

describe('a day\'s figures', () => {
  it('count only completed orders, whatever else is passed in, and tax by rate adds up to the tax', () => {
    const figures = dayFigures({ businessDay: '2026-11-20', orders: [order('completed'), order('canceled'), order('served')], payments: [], refunds: [], voids: [] });
    expect(figures).toMatchObject({ orders: 1, covers: 2, gross: 1000, net: 1000, tax: 100, total: 1100, taxes: [{ rateBp: 1000, base: 1000, tax: 100 }] });
  });

  it('group refunds and voids by staff and by reason, sorted, and keep tips apart from payments', () => {
    const figures = dayFigures({
      businessDay: '2026-11-20', orders: [],
      payments: [{ method: 'cash', amount: 500, tip: 0 }, { method: 'card', amount: 700, tip: 100 }, { method: 'card', amount: 300, tip: 50 }],
      refunds: [{ amount: 200, staffId: 'm2', reason: 'cold' }, { amount: 100, staffId: 'm1', reason: 'cold' }, { amount: 50, staffId: 'm2', reason: 'late' }],
      voids: [],
    });
    expect(figures.payments).toEqual([{ method: 'card', count: 2, amount: 1000 }, { method: 'cash', count: 1, amount: 500 }]);
    expect(figures.tips).toBe(150);
    expect(figures.refunds).toEqual({
      count: 3, amount: 350,
      byStaff: [{ staffId: 'm1', count: 1, amount: 100 }, { staffId: 'm2', count: 2, amount: 250 }],
      byReason: [{ reason: 'cold', count: 2, amount: 300 }, { reason: 'late', count: 1, amount: 50 }],
    });
    expect(figures.voids).toEqual({ count: 0, amount: 0, byStaff: [], byReason: [] });
  });
});
