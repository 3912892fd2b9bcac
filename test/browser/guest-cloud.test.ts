/**
 * The guest page served by the cloud (issue 19, cloud path), on a phone (390×844) in real
 * Chromium: the same page and bundle as the box's, the menu from what a real box process synced
 * (an 86'd item unavailable, allergens, options), an order sent through the cloud and down the
 * channel, accepted on the box, and the guest seeing it in the kitchen through the cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { call, synced } from '../helpers/guest-boxes.js';
import { startCloudTableBox, type CloudTableBox } from '../helpers/guest-cloud.js';
import { until } from '../helpers/wait.js';
import { artifact, launchChromium } from './chromium.js';
import { rectsOf } from './app-helpers.js';

const PHONE = { width: 390, height: 844 };
let browser: Browser;
let cloud: TestCloud;
let t: CloudTableBox;
const cleanups: Array<() => Promise<void>> = [];
const ids = { steak: '', salad: '' };

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  t = await startCloudTableBox(cloud, cleanups);
  const cat = (await call(t.box, 'POST', '/menu/categories', { name: 'More' })).body.id;
  ids.steak = (await call(t.box, 'POST', '/menu/items', { categoryId: cat, name: 'Steak', price: 2400, taxRateBp: 1000, station: 'grill' })).body.id;
  ids.salad = (await call(t.box, 'POST', '/menu/items', { categoryId: cat, name: 'Salad', price: 1100, taxRateBp: 1000, station: 'kitchen', allergens: ['nuts', 'mustard'], description: 'Walnuts and a mustard dressing' })).body.id;
  expect((await call(t.box, 'POST', `/menu/items/${ids.steak}/availability`, { available: false })).status).toBe(200);
  await until('the menu reached the cloud', () => synced(t.box));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await cloud?.close();
});

const shot = async (page: Page, name: string) => { await page.screenshot({ path: artifact(`guest-cloud-${name}.png`), fullPage: false }); };

describe('the guest page through the cloud, on a phone', () => {
  it('shows the synced menu, sends an order down the channel, and follows it into the kitchen', async () => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB' } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/t/${t.token}`);
    await page.waitForSelector(`[data-item="${t.box.soupId}"]`);
    expect(await page.textContent('#table')).toBe('Table T1');
    expect(await page.textContent(`[data-item="${ids.steak}"]`)).toContain('Unavailable');
    expect(await page.locator(`[data-item="${ids.steak}"] button`).count()).toBe(0);
    expect(await page.textContent(`[data-item="${ids.salad}"]`)).toContain('Allergens: nuts, mustard');
    for (const rect of await rectsOf(page, '.item, .help button')) {
      expect(rect.x).toBeGreaterThanOrEqual(0);
      expect(rect.x + rect.width).toBeLessThanOrEqual(PHONE.width + 1);
    }
    await shot(page, 'menu');

    await page.click(`[data-item="${ids.salad}"] .add`);
    const dialog = await page.$('#item-dialog[open]');
    if (dialog) await page.click('#item-add');
    await page.click('#cart-open');
    await page.fill('#order-notes', 'Dressing on the side');
    await page.click('#send');
    await page.waitForSelector('.request.state-waiting');
    expect(await page.textContent('.request')).toContain('Waiting for the waiter');
    await shot(page, 'sent');

    let requestId = '';
    await until('the order reached the box', async () => {
      const pending = (await call(t.box, 'GET', '/guest-requests')).body as Array<{ id: string; via: string; notes: string }>;
      requestId = pending.find((r) => r.via === 'cloud' && r.notes === 'Dressing on the side')?.id ?? '';
      return requestId !== '';
    });
    expect((await call(t.box, 'POST', `/guest-requests/${requestId}/accept`, {})).status).toBe(200);
    await page.waitForSelector('.request.state-in_kitchen', { timeout: 30_000 });
    expect(await page.textContent('.request')).toContain('In the kitchen');
    const send = (await rectsOf(page, '.help button'))[0]!;
    expect(send.y + send.height).toBeLessThanOrEqual(PHONE.height);
    await shot(page, 'in-kitchen');
    await context.close();
  });
});
