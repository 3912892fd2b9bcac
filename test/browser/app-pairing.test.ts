import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, SCREEN_SIZES, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); await seedBistro(r); ({ context, page } = await newTablet(browser)); });
afterEach(async () => { await context.close(); await t.close(); });

const SIZES = SCREEN_SIZES;

describe('pairing a device from the app', () => {
  it('lets a manager make a kitchen-screen code, shown big, that pairs a kitchen screen (at three sizes)', async () => {
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.click('#pair-device');
      await page.fill('#pair-name', `Grill ${size.name}`);
      await page.click('#modal [data-kind="kitchen"]');
      await page.click('#make-code');
      const code = (await page.locator('#pairing-code').textContent())!;
      expect(code).toMatch(/^\S{4,16}$/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const box = (await page.locator('#pairing-code').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      // The whole code is readable: no letter runs out of its box.
      expect(await page.locator('#pairing-code').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: artifact(`app-26-pairing-code-${size.name}.png`) });
      await page.keyboard.press('Escape');

      // The code pairs a kitchen screen, once.
      const kds = await newTablet(browser);
      await kds.page.goto(`${t.url}/kds`);
      await kds.page.fill('#pair-code', code);
      await kds.page.click('#pair-submit');
      await kds.page.waitForSelector('#pick', { state: 'visible' });
      await kds.context.close();
    }
    const devices = (await t.api('GET', '/devices', { token: r.ownerToken })).body as Array<{ name: string; kind: string }>;
    expect(devices.filter((d) => d.kind === 'kitchen').map((d) => d.name).sort()).toEqual(['Grill 1280x800', 'Grill 390x844', 'Grill 800x1280']);
  });

  it('never shows the pairing button to a waiter', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T1"]');
    expect(await page.isHidden('#pair-device')).toBe(true);
  });
});
