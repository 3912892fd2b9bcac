import { afterEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { newId, seedBistro } from './helpers/fixtures.js';
import { reportApi } from './helpers/report-api.js';
import { manualClock } from '../src/lib/clock.js';

const boxes: TestBox[] = [];
afterEach(async () => { for (const t of boxes.splice(0)) await t.close(); });

/** 19:00 in Paris on Friday 20 November 2026: business day 2026-11-20. */
const EVENING = Date.UTC(2026, 10, 20, 18, 0);

async function restaurant(taxMode: 'inclusive' | 'exclusive') {
  const clock = manualClock(EVENING);
  const t = await startTestBox({ clock });
  boxes.push(t);
  const r = await setUpRestaurant(t, { taxMode });
  const b = await seedBistro(r);
  return { t, r, b, clock, api: reportApi(r) };
}

describe('X and Z figures of a scripted day', () => {
  it('a tax-exclusive day adds up to the cent: discounts, service, a void, split payments, a tip, a refund; the canceled order does not count', async () => {
    const { r, b, clock, api } = await restaurant('exclusive');
    const steak = { itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries] };
    const burger = { itemId: b.items.burger, quantity: 1, optionIds: [b.options.medium, b.options.cheese, b.options.bacon, b.options.fries] };

    // A: steak 24.00 + 2 sodas 7.00, 10 % off (3.10), 10 % service on 27.90 (2.79); tax 21.60 + 0.35 (5.5 % of 6.30 = 0.3465) → 33.20.
    const a = await api.order({ type: 'dine_in', tableId: b.tables.t1, guestCount: 2, serviceChargeBp: 1000, lines: [steak, { itemId: b.items.soda, quantity: 2 }] });
    await api.call('POST', `/orders/${a.id}/discount`, { kind: 'percent', value: 1000, reason: 'regulars' });
    expect((await api.call('GET', `/orders/${a.id}`)).totals.total).toBe(3320);
    await api.pay(a.id, { method: 'card', amount: 2000, tip: 300 });
    await api.pay(a.id, { method: 'cash', tendered: 1500 });

    // B: burger 18.00 + tart 8.00 (1.00 off) + a soda keyed twice and voided (its menu value 3.50 counts as the void) → 27.50; card; 5.00 refunded.
    const sodaLine = newId();
    const tart = newId();
    const bOrder = await api.order({ type: 'takeaway', guestCount: 1, lines: [burger, { id: tart, itemId: b.items.tart, quantity: 1 }, { id: sodaLine, itemId: b.items.soda, quantity: 1 }] });
    await api.call('POST', `/orders/${bOrder.id}/lines/${sodaLine}/void`, { reason: 'keyed twice' });
    await api.call('POST', `/orders/${bOrder.id}/discount`, { lineId: tart, kind: 'amount', value: 100, reason: 'birthday' });
    const paidB = await api.pay(bOrder.id, { method: 'card' });
    expect(paidB.payment.amount).toBe(2750);
    clock.advance(60 * 60_000);
    await api.refund(paidB.payment.id, 500, 'cold fries');

    // C: canceled; never counts.
    const c = await api.order({ type: 'dine_in', tableId: b.tables.t2, guestCount: 4, lines: [{ itemId: b.items.soda, quantity: 4 }] });
    await api.call('POST', `/orders/${c.id}/cancel`, { reason: 'guests left' });

    // D: three tarts (24.00 + 2.40 tax), three equal parts: card, card, cash.
    const d = await api.order({ type: 'dine_in', tableId: b.tables.t3, guestCount: 3, serviceChargeBp: 0, lines: [{ itemId: b.items.tart, quantity: 3 }] });
    await api.pay(d.id, { method: 'card', split: { kind: 'equal', parts: 3 } });
    await api.pay(d.id, { method: 'card', split: { kind: 'equal', parts: 3 } });
    await api.pay(d.id, { method: 'cash', split: { kind: 'equal', parts: 3 } });

    const expected = {
      businessDay: '2026-11-20', orders: 3, covers: 6, gross: 8100, discounts: 410, net: 7690, serviceCharge: 279, tax: 741, total: 8710,
      taxes: [{ rateBp: 550, base: 630, tax: 35 }, { rateBp: 1000, base: 7060, tax: 706 }],
      payments: [{ method: 'card', count: 4, amount: 6510 }, { method: 'cash', count: 2, amount: 2200 }],
      tips: 300,
      refunds: { count: 1, amount: 500, byStaff: [{ staffId: r.ownerId, count: 1, amount: 500 }], byReason: [{ reason: 'cold fries', count: 1, amount: 500 }] },
      voids: { count: 1, amount: 350, byStaff: [{ staffId: r.ownerId, count: 1, amount: 350 }], byReason: [{ reason: 'keyed twice', count: 1, amount: 350 }] },
      // Sales by source (issue 21): they add up to `total`.
      bySource: [{ source: 'dine_in', orders: 2, total: 5960, deliveryFee: 0, commission: 0 }, { source: 'takeaway', orders: 1, total: 2750, deliveryFee: 0, commission: 0 }],
    };
    const x = await api.x();
    expect(x).toMatchObject({ kind: 'x', businessDay: '2026-11-20', openOrders: { count: 0, amount: 0, balance: 0, numbers: [] } });
    expect(x.totals).toEqual(expected);

    const z = await api.z();
    expect(z).toMatchObject({ number: 1, businessDay: '2026-11-20', closedBy: r.ownerId, printJobId: null });
    expect(z.totals).toEqual(expected);
    expect(await api.call('GET', '/reports/z/1')).toEqual({ id: z.id, number: 1, businessDay: '2026-11-20', closedAt: z.closedAt, closedBy: r.ownerId, totals: expected });
  });

  it('a void counts at the menu value of the line, with its options, whatever the discount, service charge or tax mode; a takeaway has no service charge', async () => {
    for (const taxMode of ['exclusive', 'inclusive'] as const) {
      const { t, r, b, api } = await restaurant(taxMode);
      await api.call('PATCH', '/settings', { serviceChargeBp: 1250 });
      const manager = await r.signInAs('manager', '5150');
      const steak = newId();
      const burger = newId();
      const dineIn = await api.order({ type: 'dine_in', tableId: b.tables.t1, guestCount: 2, lines: [
        { id: steak, itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries] },
        { id: burger, itemId: b.items.burger, quantity: 2, optionIds: [b.options.medium, b.options.cheese, b.options.fries] }] });
      expect(dineIn.serviceChargeBp).toBe(1250);
      await api.call('POST', `/orders/${dineIn.id}/discount`, { kind: 'percent', value: 1500, reason: 'regulars' });
      await api.call('POST', `/orders/${dineIn.id}/fire`, {});
      // Two burgers with cheese: (14.50 + 1.50) × 2 = 32.00, voided after firing with a manager.
      await api.call('POST', `/orders/${dineIn.id}/lines/${burger}/void`, { reason: 'sent back', approval: { staffId: manager.staffId, pin: '5150' } });
      const takeaway = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }, { itemId: b.items.soda, quantity: 1 }] });
      expect(takeaway.serviceChargeBp).toBe(0);
      expect(takeaway.totals.serviceCharge).toBe(0);
      // The soda, removed before it was sent: 3.50.
      await api.call('POST', `/orders/${takeaway.id}/lines/${takeaway.lines[1].id}/void`, {});
      await api.pay(dineIn.id, { method: 'card' });
      await api.pay(takeaway.id, { method: 'cash' });

      const z = await api.z();
      expect(z.totals.voids, taxMode).toEqual({
        count: 2, amount: 3200 + 350,
        byStaff: [{ staffId: r.ownerId, count: 2, amount: 3550 }],
        byReason: [{ reason: 'removed before firing', count: 1, amount: 350 }, { reason: 'sent back', count: 1, amount: 3200 }],
      });
      await t.close();
      boxes.splice(boxes.indexOf(t), 1);
    }
  });

  it('a tax-inclusive day takes the tax out of the prices, by rate, and the total is what was paid', async () => {
    const { api, b } = await restaurant('inclusive');
    // Steak 24.00 + 2 sodas 7.00, 1.00 off shared 0.77 / 0.23, 10 % service on 30.00; tax inside: 23.23 × 10/110 = 2.11, 6.77 × 5.5/105.5 = 0.35.
    const o = await api.order({ type: 'dine_in', tableId: b.tables.t1, guestCount: 2, serviceChargeBp: 1000,
      lines: [{ itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad] }, { itemId: b.items.soda, quantity: 2 }] });
    await api.call('POST', `/orders/${o.id}/discount`, { kind: 'amount', value: 100, reason: 'waited long' });
    await api.pay(o.id, { method: 'cash', tip: 0 });
    const open = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });

    const x = await api.x();
    expect(x.totals).toMatchObject({
      orders: 1, covers: 2, gross: 3100, discounts: 100, net: 3000, serviceCharge: 300, tax: 246, total: 3300,
      taxes: [{ rateBp: 550, base: 677, tax: 35 }, { rateBp: 1000, base: 2323, tax: 211 }],
      payments: [{ method: 'cash', count: 1, amount: 3300 }], tips: 0,
    });
    // The open takeaway is not in the sales yet; the X shows it apart.
    expect(x.openOrders).toEqual({ count: 1, amount: 800, balance: 800, numbers: [open.number] });
  });
});
