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
const shot = (name: string) => page.screenshot({ path: artifact(`app-${name}-1194x834.png`) }).then(() => undefined);

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r);
  ({ context, page } = await newTablet(browser));
});
afterEach(async () => { await context.close(); await t.close(); });

const orderOf = (tableId: string) => openOrderOn(t, r, tableId);

describe('the waiter app: a full service', () => {
  it('signs in, orders with modifiers, fires, hears "ready" from the kitchen screen, splits the bill and frees the table', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321', (n) => shot(n === 'pair' ? '0-pair' : '1-signin'));
    await page.waitForSelector('#tables [data-table="T1"][data-status="available"]');
    expect(await page.textContent('#who')).toBe('Wendy');
    await shot('2-floor');

    await openTable(page, 'T1', 2);
    await page.click('#cats [data-cat="Mains"]');
    // The prompt refuses the line until every required group is answered.
    await page.click('#items [data-item="Burger"]');
    await page.click('#add-line');
    expect(await page.textContent('#modal .prompt')).toBe('Choose Cooking and Side first.');
    for (const o of ['Medium', 'Cheese', 'Bacon', 'Egg']) await page.click(`#modal [data-option="${o}"]`);
    await page.click('#modal [data-option="Medium"]'); // single choice: tapping again takes it off…
    await page.click('#modal [data-option="Rare"]'); // …and another replaces it
    await page.click('#modal [data-option="Egg"]');
    await page.click('#modal [data-option="Fries"]');
    await page.fill('#line-notes', 'no onions');
    await shot('3-modifiers');
    await page.click('#add-line');
    await page.click('#seats [data-value="2"]');
    await page.fill('#search', 'sod');
    await addDish(page, 'Soda');
    await page.click('#courses [data-value="2"]');
    await page.fill('#search', '');
    await page.click('#cats [data-cat="Desserts"]');
    await addDish(page, 'Tarte Tatin');
    expect(await page.locator('#lines [data-state="new"]').count()).toBe(3);
    await shot('4-order-draft');

    // Fire course 1: the order is created with its lines held, then course 1 goes to the kitchen.
    await page.click('#courses [data-value="1"]');
    await page.click('#fire');
    await expect.poll(async () => (await orderOf(b.tables.t1))?.lines.map((l: { name: string; state: string }) => `${l.name}:${l.state}`).sort())
      .toEqual(['Burger:fired', 'Soda:fired', 'Tarte Tatin:held']);
    await page.waitForSelector('#lines [data-state="fired"]');
    await expect.poll(() => page.isHidden('#pending')).toBe(true);
    const order = await orderOf(b.tables.t1);
    const burger = order.lines.find((l: { name: string }) => l.name === 'Burger');
    expect(burger.options.map((o: { name: string }) => o.name)).toEqual(['Rare', 'Cheese', 'Bacon', 'Fries']);
    expect(burger.notes).toBe('no onions');
    expect(burger.seat).toBe(1);
    expect(order.lines.find((l: { name: string }) => l.name === 'Soda').seat).toBe(2);
    expect(order.guestCount).toBe(2);
    await shot('5-order-fired');

    // The grill bumps the ticket on its kitchen screen: the waiter hears "ready" at once.
    const kds = await newTablet(browser);
    const kcode = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Grill', kind: 'kitchen' } });
    await kds.page.goto(`${t.url}/kds?station=grill`);
    await kds.page.fill('#pair-code', kcode.body.code);
    await kds.page.click('#pair-submit');
    await kds.page.click(`#tickets [data-order="${order.number}"] .bump`);
    const ready = page.locator(`#ready [data-order="${order.id}"]`);
    await ready.waitFor({ timeout: 3000 });
    expect(await ready.textContent()).toContain('READY — Table T1 (grill): 1× Burger');
    await shot('6-ready');
    await kds.context.close();
    await ready.click();
    await page.waitForSelector('#lines [data-state="ready"]');

    // The bill: seat 1 by card with a tip, the rest (seat 2 and the shared dessert) in cash with change.
    await page.click('#to-bill');
    await page.waitForSelector('#check .sum.big');
    await page.click('#split-modes [data-mode="seat"]');
    await page.click('#split-body [data-seat="1"]');
    await page.click('#pay-form [data-method="card"]');
    await page.fill('#tip', '2');
    await shot('7-bill-split-seat');
    await page.click('#pay');
    await expect.poll(async () => (await t.api('GET', `/orders/${order.id}/payments`, { token: r.ownerToken })).body.length).toBe(1);
    await expect.poll(() => page.textContent('#pay-amount')).not.toContain('Paid in full');
    await page.click('#split-modes [data-mode="whole"]');
    await page.click('#pay-form [data-method="cash"]');
    await page.fill('#tendered', '50');
    const left = (await t.api('GET', `/orders/${order.id}`, { token: r.ownerToken })).body.totals.balance as number;
    expect(await page.textContent('#change')).toContain(((5000 - left) / 100).toFixed(2));
    // Someone else changes this order while the waiter counts the cash: the bill redraws from the
    // socket event, and what was typed stays in the field.
    const redrawn = page.waitForResponse((res) => res.url().endsWith(`/orders/${order.id}/check`));
    expect((await t.api('PATCH', `/orders/${order.id}`, { token: r.ownerToken, body: { notes: 'birthday' } })).status).toBe(200);
    await redrawn;
    await expect.poll(() => page.inputValue('#tendered')).toBe('50');
    expect(await page.textContent('#change')).toContain(((5000 - left) / 100).toFixed(2));
    await shot('8-bill-cash-change');
    await page.click('#pay');

    await page.waitForSelector('#floor', { state: 'visible' });
    expect(await page.textContent('#toast')).toContain('table closed');
    await page.waitForSelector('#tables [data-table="T1"][data-status="available"]');
    await shot('9-floor-after-payment');
    const closed = (await t.api('GET', `/orders/${order.id}`, { token: r.ownerToken })).body;
    expect(closed.status).toBe('completed');
    expect(closed.totals.balance).toBe(0);
    expect(closed.totals.tips).toBe(200);
    const pays = (await t.api('GET', `/orders/${order.id}/payments`, { token: r.ownerToken })).body;
    expect(pays.map((p: { method: string; allocation: { kind: string } }) => `${p.method}:${p.allocation.kind}`)).toEqual(['card:seat', 'cash:amount']);
    expect(pays[1].change).toBe(5000 - left);
  });
});
