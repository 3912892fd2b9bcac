import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, openOrderOn, openTable, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember } from './app-helpers.js';

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

describe('the floor', () => {
  for (const size of SIZES) {
    it(`shows per table the time seated, the server, the amount and the course state, on the layout where it fits (${size.name})`, async () => {
      // The manager has laid the room out: T1 and T2 by the window, T3 and T4 at the back.
      const layout = [
        { id: b.tables.t1, x: 0, y: 0 }, { id: b.tables.t2, x: 300, y: 0 },
        { id: b.tables.t3, x: 0, y: 250 }, { id: b.tables.t4, x: 300, y: 250 },
      ];
      expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: layout })).status).toBe(200);
      context = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: true });
      page = await context.newPage();
      const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
      await pairAndSignIn(page, t, r, waiterId, '4321');
      await openTable(page, 'T1', 3);
      await page.click('#cats [data-cat="Drinks"]');
      await addDish(page, 'Soda');
      await page.click('#courses [data-value="2"]');
      await page.click('#cats [data-cat="Desserts"]');
      await addDish(page, 'Tarte Tatin');
      await page.click('#send');
      await page.waitForSelector('#lines [data-state="fired"]');
      await page.click('#back');

      const card = page.locator('#tables [data-table="T1"]');
      await expect.poll(() => card.locator('[data-fact="courses"]').textContent().catch(() => null)).toBe('C1 fired · C2 held');
      expect(await card.locator('[data-fact="seated"]').textContent()).toBe('0 min · 3 guests');
      expect(await card.locator('[data-fact="server"]').textContent()).toBe('Wendy');
      const order = await openOrderOn(t, r, b.tables.t1);
      expect(await card.locator('[data-fact="amount"]').textContent()).toBe(`€${(order.totals.total / 100).toFixed(2)}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const cardRect = async (label: string) => {
        const [box] = await rectsOf(page, `#tables [data-table="${label}"]`);
        if (!box) throw new Error(`${label} is not on the floor`);
        return box;
      };
      const t1 = await cardRect('T1'), t2 = await cardRect('T2'), t3 = await cardRect('T3');
      if (size.width >= 700) {
        // On the layout: T2 to the right of T1, T3 below it.
        expect(await page.getAttribute('#tables', 'class')).toContain('layout');
        expect(t2.x).toBeGreaterThan(t1.x + t1.width - 1);
        expect(t3.y).toBeGreaterThan(t1.y + t1.height - 1);
      }
      for (const box of [t1, t2, t3]) expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: artifact(`app-24-floor-${size.name}.png`) });
    });
  }
});
