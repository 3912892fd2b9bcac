import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { reportApi } from '../helpers/report-api.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, staffMember } from './app-helpers.js';

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

const OTHER_SIZES = [{ name: '800x1280', width: 800, height: 1280 }, { name: '390x844', width: 390, height: 844 }] as const;

/** Nothing runs off the right edge, and the Z button is inside the screen. */
async function fitsTheScreen(width: number, height: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const z = (await page.locator('#close-z').boundingBox())!;
  expect(z.x + z.width).toBeLessThanOrEqual(width);
  expect(z.y + z.height).toBeLessThanOrEqual(height);
}

describe('closing the day from the app', () => {
  it('refuses the Z while an order is open, listing it with a way to it; once paid, a double tap closes the day once', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    const api = reportApi(r);
    const paid = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(paid.id, { method: 'card' });
    const open = await api.order({ type: 'dine_in', tableId: b.tables.t1, guestCount: 2, lines: [{ itemId: b.items.tart, quantity: 2 }] });
    await pairAndSignIn(page, t, r, managerId, '9876');

    await page.click('#open-day');
    await page.waitForSelector('#day-figures [data-fig="total"]');
    expect(await page.textContent('#day-figures [data-fig="pay-card"]')).toContain((paid.totals.total / 100).toFixed(2));
    expect(await page.textContent('#day-figures [data-fig="open"]')).toContain('Still open (1)');
    await page.waitForSelector(`#day-open [data-open-order="${open.number}"]`);
    // This box has no cloud: the screen says so rather than showing a sync that is not there.
    await expect.poll(() => page.textContent('#day-sync')).toContain('not set up');

    await page.click('#close-z');
    await page.waitForSelector(`#z-blockers [data-open-order="${open.number}"]`);
    expect(await page.textContent('#z-blocked')).toContain('still open');
    expect((await t.api('GET', '/reports/z', { token: r.ownerToken })).body).toHaveLength(0);
    await fitsTheScreen(1280, 800);
    await page.screenshot({ path: artifact('app-30-day-blocked-1280x800.png') });
    for (const size of OTHER_SIZES) {
      await page.setViewportSize(size);
      await fitsTheScreen(size.width, size.height);
      await page.screenshot({ path: artifact(`app-30-day-blocked-${size.name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // The listed order opens on its table, as the waiter sees it.
    await page.click(`#z-blockers [data-open-order="${open.number}"]`);
    await page.waitForSelector('#order', { state: 'visible' });
    expect(await page.textContent('#title')).toBe('Table T1');

    await api.pay(open.id, { method: 'cash' });
    await page.click('#back');
    await page.click('#open-day');
    await page.waitForSelector('#day-open >> text=No open orders');
    const zPosts: string[] = [];
    page.on('request', (q) => { if (q.method() === 'POST' && new URL(q.url()).pathname === '/reports/z') zPosts.push(q.headers()['idempotency-key'] ?? ''); });
    await page.dblclick('#close-z');
    await page.waitForSelector('#z-blocked.z-done');
    await page.waitForSelector('#z-list [data-z="1"]');
    expect(await page.textContent('#z-blocked')).toContain('Z #1 closed');
    expect(zPosts).toHaveLength(1);
    const zs = (await t.api('GET', '/reports/z', { token: r.ownerToken })).body;
    expect(zs).toHaveLength(1);
    expect(zs[0].totals.total).toBe(paid.totals.total + open.totals.total);
    await page.screenshot({ path: artifact('app-31-day-closed-1280x800.png') });
    for (const size of OTHER_SIZES) {
      await page.setViewportSize(size);
      await fitsTheScreen(size.width, size.height);
      await page.screenshot({ path: artifact(`app-31-day-closed-${size.name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // Another tap: the next day has not started, said in plain words; still one Z.
    await page.click('#close-z');
    await page.waitForSelector('#z-blocked.error');
    expect(await page.textContent('#z-blocked')).toContain('Nothing to close yet');
    expect((await t.api('GET', '/reports/z', { token: r.ownerToken })).body).toHaveLength(1);
    expect(await page.isVisible('#z-list [data-reprint="1"]')).toBe(true);
    expect(await page.isVisible('#print-x')).toBe(true);
  });

  it('never shows the Day, Menu or Staff screens to a waiter', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T1"]');
    expect(await page.isHidden('#open-day')).toBe(true);
    expect(await page.isHidden('#open-menu86')).toBe(true);
    expect(await page.isHidden('#open-staff')).toBe(true);
  });
});
