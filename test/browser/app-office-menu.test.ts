import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { seedPantry } from '../helpers/stock.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, openTable, pairAndSignIn, SCREEN_SIZES, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); ({ context, page } = await newTablet(browser)); });
afterEach(async () => { await context.close(); await t.close(); });

/** A dish as the box's menu tree has it now. */
async function dish(id: string): Promise<{ available: boolean; stockOut: boolean }> {
  const tree = (await t.api('GET', '/menu', { token: r.ownerToken })).body as { categories: Array<{ items: Array<{ id: string; available: boolean; stockOut: boolean }> }> };
  return tree.categories.flatMap((c) => c.items).find((i) => i.id === id)!;
}

const SIZES = SCREEN_SIZES;

describe('86 in one tap from the app', () => {
  it("takes a dish off every waiter's menu live when a manager taps it, and puts it back the same way; dishes out of stock are marked", async () => {
    await seedPantry(r, b);
    expect((await dish(b.items.soda)).stockOut).toBe(true);
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');

    const waiter = await newTablet(browser);
    await pairAndSignIn(waiter.page, t, r, waiterId, '4321');
    await openTable(waiter.page, 'T1', 2);
    await waiter.page.click('#cats [data-cat="Desserts"]');
    const tart = waiter.page.locator('#items [data-item="Tarte Tatin"]');
    expect(await tart.isEnabled()).toBe(true);

    await page.setViewportSize({ width: 1280, height: 800 });
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-menu86');
    await page.waitForSelector('#avail-list [data-avail="Tarte Tatin"][aria-checked="true"]');
    expect(await page.getAttribute('#avail-list [data-item-row="Soda"] .state-word', 'data-state')).toBe('stock-out');
    expect(await page.textContent('#avail-list [data-item-row="Soda"]')).toContain('Out of stock');

    await page.click('#avail-list [data-avail="Tarte Tatin"]');
    await page.waitForSelector('#avail-list [data-avail="Tarte Tatin"][aria-checked="false"]');
    expect(await page.textContent('#avail-list [data-item-row="Tarte Tatin"]')).toContain('86');
    expect((await dish(b.items.tart)).available).toBe(false);
    // The waiter's order screen follows without a reload.
    await expect.poll(() => tart.isDisabled()).toBe(true);
    expect(await tart.textContent()).toContain('sold out');

    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const toggle = (await page.locator('#avail-list [data-avail="Burger"]').boundingBox())!;
      expect(toggle.x + toggle.width).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: artifact(`app-32-menu-86-${size.name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.click('#avail-list [data-avail="Tarte Tatin"]');
    await page.waitForSelector('#avail-list [data-avail="Tarte Tatin"][aria-checked="true"]');
    await expect.poll(() => tart.isEnabled()).toBe(true);
    expect((await dish(b.items.tart)).available).toBe(true);
    await waiter.context.close();
  });
});
