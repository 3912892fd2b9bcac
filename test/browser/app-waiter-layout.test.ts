import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, openOrderOn, openTable, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember, tappable } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); });
afterEach(async () => { await context?.close(); await t.close(); });

const SIZES = SCREEN_SIZES;

/** Eight more categories, so the menu has eleven, like the restaurant that reported the strip hiding six. */
async function moreCategories(): Promise<void> {
  for (const name of ['Starters', 'Salads', 'Soups', 'Pasta', 'Pizza', 'Sides', 'Wine', 'Coffee']) {
    const c = await t.api('POST', '/menu/categories', { token: r.ownerToken, body: { name } });
    expect(c.status).toBe(201);
  }
}

describe('the waiter app fits the screens waiters carry', () => {
  for (const size of SIZES) {
    it(`keeps Send, Fire and Bill on screen and uncovered at ${size.name}, with a 10-line order, every category and a READY notice`, async () => {
      await moreCategories();
      context = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: true });
      page = await context.newPage();
      const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
      await pairAndSignIn(page, t, r, waiterId, '4321');
      await openTable(page, 'T1', 4);
      await page.click('#cats [data-cat="Drinks"]');
      for (let i = 0; i < 6; i++) await addDish(page, 'Soda');
      await page.click('#send');
      await page.waitForSelector('#lines [data-state="fired"]');
      await page.click('#cats [data-cat="Desserts"]');
      await page.click('#courses [data-value="2"]');
      for (let i = 0; i < 4; i++) await addDish(page, 'Tarte Tatin');

      // The bar bumps the sodas: the waiter's READY notice arrives while the ticket is open.
      const order = await openOrderOn(t, r, b.tables.t1);
      const tickets = (await t.api('GET', '/kitchen/tickets?station=bar', { token: r.ownerToken })).body as Array<{ id: string; orderId: string }>;
      const ticket = tickets.find((tk) => tk.orderId === order.id)!;
      expect((await t.api('POST', `/kitchen/tickets/${ticket.id}/bump`, { token: r.ownerToken })).status).toBe(200);
      await page.waitForSelector(`#ready [data-order="${order.id}"]`);
      await page.waitForSelector('#lines [data-state="ready"]');
      await page.waitForTimeout(100);

      await page.screenshot({ path: artifact(`app-20-order-${size.name}.png`) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      for (const id of ['#send', '#hold', '#fire', '#fire-all', '#to-bill', '#table-more', `#ready [data-order="${order.id}"]`]) {
        expect(await tappable(page, id), `${id} at ${size.name}`).toBe(true);
      }
      // Every category shows (they wrap), none off the side.
      const cats = await rectsOf(page, '#cats button');
      expect(cats.length).toBe(11);
      for (const box of cats) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      }
      // The line's "ready" label stays on its line (it used to be pinned to the notices' corner).
      const [line] = await rectsOf(page, '#lines [data-state="ready"]');
      const [label] = await rectsOf(page, '#lines [data-state="ready"] .state');
      if (!line || !label) throw new Error('no ready line with its label on the ticket');
      expect(label.y).toBeGreaterThanOrEqual(line.y - 1);
      expect(label.y + label.height).toBeLessThanOrEqual(line.y + line.height + 1);

      // The ticket scrolls inside its panel; the page itself never grows past the screen.
      expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
      // The bill: the check, the split modes and Pay all reachable.
      await page.click('#to-bill');
      await page.waitForSelector('#pay');
      // The bill redraws when its check arrives (and on socket events): scroll and check in the page, until it holds.
      await expect.poll(async () => {
        await page.evaluate(() => document.querySelector('#pay')?.scrollIntoView({ block: 'nearest' }));
        return tappable(page, '#pay');
      }, { message: `#pay at ${size.name}` }).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: artifact(`app-22-bill-${size.name}.png`) });
      await page.click('#back');
      await page.waitForSelector('#order', { state: 'visible' });
      await page.click('#back');
      await page.waitForSelector('#floor', { state: 'visible' });
      await page.screenshot({ path: artifact(`app-21-floor-${size.name}.png`) });
    });
  }
});
