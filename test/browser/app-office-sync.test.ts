import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type TestBox } from '../helpers/box.js';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox | undefined;
let cloud: TestCloud | undefined;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
afterEach(async () => { await context?.close(); await t?.close(); await cloud?.close(); t = undefined; cloud = undefined; context = undefined; });

/** A port nothing listens on (yet): the cloud's address while it is down. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the sync screen', () => {
  it('says the cloud cannot be reached and how much waits, then — without a reload — that everything is sent once the cloud answers', async () => {
    cloud = await startTestCloud();
    const port = await freePort();
    t = await startTestBox({ env: { CLOUD_URL: `http://127.0.0.1:${port}`, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_WAIT_SECONDS: '2', SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '400' } });
    const r = await setUpRestaurant(t);
    ({ context, page } = await newTablet(browser));
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    // The restaurant takes bookings online: the box sends its times to the cloud too.
    const door = (await t.api('GET', '/reservations/settings', { token: r.ownerToken })).body;
    expect((await t.api('PUT', '/reservations/settings', { token: r.ownerToken, body: { ...door, version: undefined, expectedVersion: door.version, onlineAllotment: 8 } })).status).toBe(200);
    await page.click('#open-sync');
    await page.waitForSelector('#sync-summary.bad >> text=the cloud cannot be reached', { timeout: 15_000 });
    await page.waitForSelector('#sync-booking.bad >> text=The online-booking times cannot reach the cloud', { timeout: 15_000 });
    const status = (await t.api('GET', '/sync/status', { token: r.ownerToken })).body;
    expect(status.queueDepth).toBeGreaterThan(0);
    const summary = await page.textContent('#sync-summary');
    expect(summary).toMatch(/^\d+ changes? waiting for \d+ (second|minute)s? — the cloud cannot be reached: .+/);
    expect(Number(await page.textContent('[data-fig="queue"] strong'))).toBeGreaterThan(0);
    expect(await page.textContent('[data-fig="last-success"] strong')).toBe('never');
    expect(await page.textContent('#sync-down')).toContain('The cloud cannot be reached');
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      const [box] = await rectsOf(page, '#sync-summary');
      expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
      const figures = await rectsOf(page, '.fig-grid .fig');
      for (const f of figures) expect(f.x + f.width).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: artifact(`app-60-sync-down-${size.name}.png`) });
    }

    // The cloud comes up where the box expects it: the open screen follows by itself.
    await cloud.startServer(port);
    await page.waitForSelector('#sync-summary.ok >> text=Everything is sent', { timeout: 20_000 });
    // A change on the book sends the times at once (between changes, the box retries with backoff).
    expect((await t.api('POST', '/areas', { token: r.ownerToken, body: { name: 'Terrace' } })).status).toBe(201);
    await page.waitForSelector('#sync-booking.ok >> text=The booking page offers this box\u2019s times', { timeout: 15_000 });
    expect((await t.api('GET', '/sync/status', { token: r.ownerToken })).body.queueDepth).toBe(0);
    expect(await page.textContent('[data-fig="queue"] strong')).toBe('0');
    // The other direction too: the channel from the cloud has been heard and is at its head.
    await page.waitForSelector('#sync-down >> text=Up to date with the cloud', { timeout: 15_000 });
    expect(await page.textContent('[data-fig="last-poll"] strong')).not.toBe('never');
    expect(await page.textContent('[data-fig="lag"] strong')).toBe('0');
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: artifact(`app-61-sync-up-${size.name}.png`) });
    }
  });

  it('says plainly when sync is not set up, and a waiter never sees it', async () => {
    t = await startTestBox();
    const r = await setUpRestaurant(t);
    ({ context, page } = await newTablet(browser));
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-sync');
    await page.waitForSelector('#sync-summary.off >> text=not set up');
    expect(await page.locator('#sync-figures .fig').count()).toBe(0);
    expect(await page.isHidden('#sync-booking-section')).toBe(true);
    // The box refuses a waiter the route as well.
    const waiter = await r.signInAs('waiter');
    expect((await t.api('GET', '/sync/status', { token: waiter.token })).status).toBe(403);
  });
});
