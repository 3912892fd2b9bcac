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

async function signInAs(name: string, pin: string): Promise<void> {
  const people = (await t.api('GET', '/staff', { token: r.ownerToken })).body as Array<{ id: string; name: string }>;
  const id = people.find((p) => p.name === name)!.id;
  await page.click('#signout');
  await page.waitForSelector(`#roster [data-staff="${id}"]`);
  await page.click(`#roster [data-staff="${id}"]`);
  for (const digit of pin) await page.click(`#pinpad [data-key="${digit}"]`);
  await page.click('#pinpad [data-key="OK"]');
}

describe('staff from the app', () => {
  it('lets a manager add a waiter with a PIN, reset that PIN (the waiter signs in with the new one) and revoke a lost kitchen screen', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    // The floor with the manager's four back-office buttons still fits a phone.
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForSelector('#tables [data-table="T1"]');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: artifact(`app-35-floor-manager-${size.name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('#open-staff');
    await page.waitForSelector('#staff-list [data-staff-row="Maya"]');

    await page.click('#add-staff');
    await page.fill('#staff-name', 'Walt');
    expect(await page.isVisible('#modal [data-role="manager"]')).toBe(false);
    await page.fill('#staff-pin', '12');
    await page.click('#staff-save');
    expect(await page.textContent('#modal')).toContain('4 to 6 digits');
    await page.fill('#staff-pin', '2468');
    await page.dblclick('#staff-save');
    await page.waitForSelector('#staff-list [data-staff-row="Walt"]');
    const people = (await t.api('GET', '/staff', { token: r.ownerToken })).body as Array<{ name: string; role: string }>;
    expect(people.filter((p) => p.name === 'Walt')).toEqual([expect.objectContaining({ role: 'waiter' })]);
    // A manager's PIN is the owner's to change: no button for it here.
    expect(await page.isVisible('#staff-list [data-reset-pin="Maya"]')).toBe(false);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const reset = (await page.locator('#staff-list [data-reset-pin="Walt"]').boundingBox())!;
      expect(reset.x + reset.width).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: artifact(`app-33-staff-${size.name}.png`) });
      await page.click('#staff-list [data-reset-pin="Walt"]');
      await page.waitForSelector('#new-pin');
      await page.screenshot({ path: artifact(`app-34-staff-reset-pin-${size.name}.png`) });
      await page.keyboard.press('Escape');
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.click('#staff-list [data-reset-pin="Walt"]');
    await page.fill('#new-pin', '1357');
    await page.click('#pin-save');
    await page.waitForSelector('#modal', { state: 'hidden' });

    // A lost kitchen screen is revoked from the same screen; this tablet stays paired.
    const kitchen = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Grill screen', kind: 'kitchen' } });
    expect((await t.api('POST', '/devices/pair', { body: { code: kitchen.body.code } })).status).toBe(201);
    await page.click('#back');
    await page.click('#open-staff');
    await page.click('#device-list [data-revoke="Grill screen"]');
    await page.click('#revoke-ok');
    await page.waitForSelector('#device-list [data-device-row="Grill screen"] >> text=revoked');
    const devices = (await t.api('GET', '/devices', { token: r.ownerToken })).body as Array<{ name: string; revokedAt: number | null }>;
    expect(devices.find((d) => d.name === 'Grill screen')!.revokedAt).not.toBeNull();
    expect(devices.find((d) => d.name === 'Tablet 1')!.revokedAt).toBeNull();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.locator('#device-list').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`app-36-devices-${size.name}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await signInAs('Walt', '1357');
    await page.waitForSelector('#floor', { state: 'visible' });
    expect(await page.textContent('#who')).toBe('Walt');
    expect(await page.isHidden('#open-staff')).toBe(true);
  });
});
