import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); ({ context, page } = await newTablet(browser)); });
afterEach(async () => { await context.close(); await t.close(); });

async function typePin(staffId: string, pin: string): Promise<void> {
  await page.click(`#roster [data-staff="${staffId}"]`);
  for (const digit of pin) await page.click(`#pinpad [data-key="${digit}"]`);
  await page.click('#pinpad [data-key="OK"]');
}

describe('signing in on a shared tablet', () => {
  it('locks the person who typed five wrong PINs, and lets a colleague sign in on the same tablet', async () => {
    const wendy = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    const walt = await staffMember(t, r, 'waiter', 'Walt', '8765');
    const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Tablet 1', kind: 'tablet' } });
    await page.goto(`${t.url}/app/`);
    await page.fill('#pair-code', code.body.code);
    await page.click('#pair-submit');
    await page.waitForSelector(`#roster [data-staff="${wendy}"]`);
    for (let i = 0; i < 5; i++) {
      await typePin(wendy, '0000');
      await expect.poll(() => page.textContent('#signin-error')).toMatch(i < 4 ? /does not match/ : /Too many wrong PINs for Wendy/);
    }
    expect(await page.textContent('#signin-error')).toContain('everyone else can sign in now');
    await page.screenshot({ path: artifact('app-25-person-locked-1194x834.png') });
    await typePin(walt, '8765');
    await page.waitForSelector('#floor', { state: 'visible' });
    expect(await page.textContent('#who')).toBe('Walt');
  });
});
