import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestBox, type TestBox } from '../helpers/box.js';
import { artifact, launchChromium } from './chromium.js';

let browser: Browser;
let t: TestBox;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'America/New_York' });
  page = await context.newPage();
});
afterEach(async () => { await context.close(); await t.close(); });

async function fillForm(pin: string, pinAgain: string): Promise<void> {
  await page.fill('#restaurantName', 'Chez Marcel — Café');
  await page.selectOption('#currency', 'EUR');
  await page.selectOption('#timeZone', 'Europe/Paris');
  await page.selectOption('#dayStartHour', '5');
  await page.check('input[name=taxMode][value=inclusive]');
  await page.fill('#serviceChargePercent', '12.5');
  await page.fill('#ownerName', 'Marcel Dupont');
  await page.fill('#ownerPin', pin);
  await page.fill('#ownerPinConfirm', pinAgain);
}

describe('setting up a new box from a browser', () => {
  it('shows each mistake next to its field, then signs the owner in once it is fixed', async () => {
    await page.goto(`${t.url}/`);
    expect(await page.inputValue('#timeZone')).toBe('America/New_York');
    await page.screenshot({ path: artifact('setup-1-empty.png'), fullPage: true });

    await fillForm('1234', '1243');
    await page.click('#submit');
    await expect.poll(() => page.isVisible('#err-ownerPinConfirm')).toBe(true);
    expect(await page.textContent('#err-ownerPinConfirm')).toContain('different');
    expect((await t.api('GET', '/setup')).body.initialized).toBe(false);

    await fillForm('123', '123');
    await page.fill('#restaurantName', '');
    await page.click('#submit');
    await expect.poll(() => page.isVisible('#err-ownerPin')).toBe(true);
    expect(await page.textContent('#err-ownerPin')).toContain('4 to 6 digits');
    expect(await page.isVisible('#err-restaurantName')).toBe(true);
    expect(await page.isVisible('#err-ownerPinConfirm')).toBe(false);
    expect(await page.getAttribute('#ownerPin', 'aria-invalid')).toBe('true');
    await page.screenshot({ path: artifact('setup-2-errors.png'), fullPage: true });
    expect((await t.api('GET', '/setup')).body.initialized).toBe(false);

    await fillForm('4821', '4821');
    await page.click('#submit');
    await page.waitForSelector('#done', { state: 'visible' });
    expect(await page.textContent('#done')).toContain('Set up — you are signed in as owner');
    expect(await page.getAttribute('#done a[href="/docs"]', 'href')).toBe('/docs');
    await page.screenshot({ path: artifact('setup-3-done.png'), fullPage: true });

    const sessionToken = await page.evaluate(() => localStorage.getItem('brigade.sessionToken'));
    const deviceToken = await page.evaluate(() => localStorage.getItem('brigade.deviceToken'));
    expect(sessionToken).toMatch(/^bss_/);
    expect(deviceToken).toMatch(/^bdv_/);
    const settings = await t.api('GET', '/settings', { token: sessionToken! });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ name: 'Chez Marcel — Café', currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 5, taxMode: 'inclusive', serviceChargeBp: 1250, discountLimitBp: 1000 });
    expect((await t.api('GET', '/auth/me', { token: sessionToken! })).body.role).toBe('owner');

    // Now / is the waiter app, and this browser is already paired and signed in as the owner.
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/app/');
    await page.waitForSelector('#floor', { state: 'visible' });
    await expect.poll(() => page.textContent('#who')).toBe('Marcel Dupont');
    await page.goto(`${t.url}/status`);
    expect(await page.textContent('h2')).toContain('Chez Marcel — Café');
    await page.screenshot({ path: artifact('setup-4-status.png'), fullPage: true });
  });

  it('accepts a currency typed in by hand when it is not in the list', async () => {
    await page.goto(`${t.url}/`);
    await fillForm('4821', '4821');
    await page.selectOption('#currency', 'other');
    await page.fill('#currencyOther', 'eu');
    await page.click('#submit');
    await expect.poll(() => page.isVisible('#err-currency')).toBe(true);
    expect(await page.getAttribute('#currencyOther', 'aria-invalid')).toBe('true');

    await page.fill('#currencyOther', 'thb');
    await page.click('#submit');
    await page.waitForSelector('#done', { state: 'visible' });
    const token = await page.evaluate(() => localStorage.getItem('brigade.sessionToken'));
    expect((await t.api('GET', '/settings', { token: token! })).body.currency).toBe('THB');
  });

  it('fits a portrait tablet screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.goto(`${t.url}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: artifact('setup-5-tablet-portrait.png') });
  });
});
