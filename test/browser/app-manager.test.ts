import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, newTablet, openOrderOn, openTable, pairAndSignIn, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r);
  ({ context, page } = await newTablet(browser));
});
afterEach(async () => { await context.close(); await t.close(); });

const orderOn = (tableId: string) => openOrderOn(t, r, tableId);

async function approve(manager: string, pin: string): Promise<void> {
  await page.waitForSelector('#mgr-pin', { state: 'visible' });
  await page.click(`#modal [data-manager="${manager}"]`);
  await page.fill('#mgr-pin', pin);
  await page.click('#mgr-ok');
}

describe('the waiter app: manager-only actions, moves, screen sizes', () => {
  it('voids a fired line and gives a discount over the limit with a manager PIN typed on the tablet, then moves the table', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await openTable(page, 'T1', 2);
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    await page.click('#cats [data-cat="Desserts"]');
    await addDish(page, 'Tarte Tatin');
    await page.click('#fire-all');
    await page.waitForSelector('#lines [data-state="fired"]');
    await expect.poll(() => page.locator('#lines [data-state="fired"]').count()).toBe(2);
    const order = (await orderOn(b.tables.t1))!;
    const soda = order.lines.find((l: { name: string }) => l.name === 'Soda');

    // Void after fire: the box asks for a manager; a wrong PIN asks again; the right one voids.
    await page.click(`#lines [data-line="${soda.id}"]`);
    await page.click('#void-line');
    await page.waitForSelector('#mgr-pin', { state: 'visible' });
    expect(await page.textContent('#modal')).toContain('Void Soda');
    await page.screenshot({ path: artifact('app-13-manager-pin-1194x834.png') });
    await approve('Maya', '0000');
    await expect.poll(() => page.textContent('#modal')).toContain('PIN does not match');
    await approve('Maya', '9876');
    await page.waitForSelector(`#lines [data-line="${soda.id}"][data-state="voided"]`);
    const voided = (await t.api('GET', `/orders/${order.id}`, { token: r.ownerToken })).body;
    expect(voided.lines.find((l: { id: string }) => l.id === soda.id).state).toBe('voided');

    // 15 % is over the house limit (10 %): the manager approves it on the bill.
    await page.click('#to-bill');
    await page.waitForSelector('#check .sum.big');
    await page.click('#discount');
    await page.fill('#dlg-value', '15');
    await page.fill('#dlg-reason', 'Birthday');
    await page.click('#dlg-ok');
    await approve('Maya', '9876');
    await expect.poll(async () => (await t.api('GET', `/orders/${order.id}`, { token: r.ownerToken })).body.discount)
      .toMatchObject({ kind: 'percent', value: 1500, reason: 'Birthday', staffId: waiterId, approvedBy: managerId });
    await expect.poll(() => page.textContent('#check')).toContain('Discounts');
    await page.screenshot({ path: artifact('app-14-bill-discount-1194x834.png') });

    // Move the table: the order follows, T1 is free again.
    await page.click('#back');
    await page.waitForSelector('#order', { state: 'visible' });
    await page.click('#table-more');
    await page.screenshot({ path: artifact('app-15-move-merge-1194x834.png') });
    await page.click('#modal [data-target="T4"]');
    await expect.poll(() => page.textContent('#title')).toBe('Table T4');
    expect((await t.api('GET', `/orders/${order.id}`, { token: r.ownerToken })).body.tableId).toBe(b.tables.t4);
    await expect.poll(async () => (await t.api('GET', `/tables/${b.tables.t1}`, { token: r.ownerToken })).body.status).toBe('available');
  });

  it('fits a portrait tablet and a phone without sideways scrolling', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await openTable(page, 'T2', 4);
    await addDish(page, 'Burger', ['Medium', 'Fries']);
    for (const [name, size] of [['portrait-834x1194', { width: 834, height: 1194 }], ['phone-390x844', { width: 390, height: 844 }]] as const) {
      await page.setViewportSize(size);
      await page.waitForTimeout(100); // one layout pass
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const fire = await page.locator('#fire').boundingBox();
      expect(fire!.height).toBeGreaterThanOrEqual(48); // still a thumb-sized target
      await page.screenshot({ path: artifact(`app-16-order-${name}.png`), fullPage: true });
    }
  });
});

describe('the waiter app when the box refuses a send', () => {
  it('puts refused lines back on the ticket with the reason (an item 86\'d meanwhile), and sends the fixed ticket', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await openTable(page, 'T3', 2);
    await page.click('#cats [data-cat="Desserts"]');
    await addDish(page, 'Tarte Tatin');
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    // The pastry runs out of tarts while the waiter is still at the table.
    expect((await t.api('POST', `/menu/items/${b.items.tart}/availability`, { token: r.ownerToken, body: { available: false } })).status).toBe(200);
    await page.click('#hold');
    await expect.poll(() => page.textContent('#toast')).toContain('Tarte Tatin is unavailable');
    await expect.poll(() => page.locator('#lines [data-state="new"]').count()).toBe(2);
    expect(await page.isHidden('#pending')).toBe(true);
    expect(await orderOn(b.tables.t3)).toBeNull(); // the box wrote nothing
    await page.screenshot({ path: artifact('app-17-refused-send-1194x834.png') });

    // Take the tart off and send again: the same order id, now accepted.
    const tartLine = page.locator('#lines [data-state="new"]', { hasText: 'Tarte Tatin' });
    await tartLine.click();
    await page.click('#modal .danger');
    await page.click('#hold');
    await expect.poll(async () => (await orderOn(b.tables.t3))?.lines.map((l: { name: string }) => l.name)).toEqual(['Soda']);
    await page.waitForSelector('#lines [data-state="held"]');
  });
});

describe('the waiter app: merging tables and refunds', () => {
  it('merges one table into another, then refunds part of a payment with a manager PIN', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await openTable(page, 'T2', 2);
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    await page.click('#hold');
    await page.waitForSelector('#lines [data-state="held"]');
    await page.click('#back');
    await page.waitForSelector('#tables [data-table="T2"][data-status="occupied"]');
    await openTable(page, 'T3', 2);
    await page.click('#cats [data-cat="Desserts"]');
    await addDish(page, 'Tarte Tatin');
    await page.click('#hold');
    await page.waitForSelector('#lines [data-state="held"]');

    await page.click('#table-more');
    await page.click('#modal [data-target="T2"]');
    await expect.poll(() => page.textContent('#title')).toBe('Table T2');
    await expect.poll(() => page.locator('#lines [data-state="held"]').count()).toBe(2);
    const merged = (await orderOn(b.tables.t2))!;
    expect(merged.lines.map((l: { name: string }) => l.name).sort()).toEqual(['Soda', 'Tarte Tatin']);
    await expect.poll(async () => (await t.api('GET', `/tables/${b.tables.t3}`, { token: r.ownerToken })).body.status).toBe('available');

    // Pay the soda by items, then give 1.00 of it back: the manager approves on the tablet.
    await page.click('#to-bill');
    await page.click('#split-modes [data-mode="items"]');
    const soda = merged.lines.find((l: { name: string }) => l.name === 'Soda');
    await page.check(`#check [data-pay-line="${soda.id}"]`);
    expect(await page.textContent('#pay-amount')).toBe(`To pay: €${(soda.amounts.due / 100).toFixed(2)}`); // tax included
    await page.click('#pay');
    await expect.poll(() => page.isChecked(`#check [data-pay-line="${soda.id}"]`)).toBe(false);
    await expect.poll(() => page.locator('#check .sum button').count()).toBe(1);
    await page.click('#check .sum button');
    await page.fill('#dlg-value', '1');
    await page.fill('#dlg-reason', 'Flat soda');
    await page.click('#dlg-ok');
    await page.waitForSelector('#mgr-pin', { state: 'visible' });
    await page.click('#modal [data-manager="Maya"]');
    await page.fill('#mgr-pin', '9876');
    await page.click('#mgr-ok');
    await expect.poll(async () => (await t.api('GET', `/orders/${merged.id}/payments`, { token: r.ownerToken })).body[0].refunded).toBe(100);
    await expect.poll(() => page.textContent('#check')).toContain('refunded');
    await page.screenshot({ path: artifact('app-18-bill-refund-1194x834.png') });
    expect((await t.api('GET', `/orders/${merged.id}`, { token: r.ownerToken })).body.totals.refunded).toBe(100);
  });
});
