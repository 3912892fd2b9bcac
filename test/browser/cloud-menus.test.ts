import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { OWNER_PASSWORD, signInOwner } from '../helpers/cloud-accounts.js';
import { startTestBox, setUpRestaurant, type TestBox } from '../helpers/box.js';
import { menuDoc } from '../helpers/channel.js';
import { artifact, launchChromium } from './chromium.js';

/** The central menu page in Chromium: an owner creates a menu, publishes it to one location, and sees the box apply it. */
let browser: Browser;
let cloud: TestCloud;
let box: TestBox;
let boxToken: string;

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  await signInOwner(cloud);
  box = await startTestBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_WAIT_SECONDS: '5', SYNC_INTERVAL_MS: '100' } });
  boxToken = (await setUpRestaurant(box)).ownerToken;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await box?.close();
  await cloud?.close();
});

describe('the central menu page', () => {
  it('an owner creates a menu, publishes it to one location, and sees it live there with the time it was applied', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    await page.goto(`${cloud.url}/login`);
    await page.fill('#email', cloud.ownerEmail);
    await page.fill('#password', OWNER_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/`);
    await page.goto(`${cloud.url}/menus`);

    await page.fill('#doc-new', '{ "categories": [');
    await page.click('#create');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toContain('not valid JSON');

    await page.fill('#name-new', 'Lunch');
    await page.fill('#doc-new', JSON.stringify(menuDoc(1450)));
    await page.click('#create');
    await page.waitForSelector('section.menu h2');
    expect(await page.textContent('section.menu h2')).toBe('Lunch');

    await page.check(`input[value="${cloud.a.locationId}"]`);
    await page.click('[data-publish]');
    await page.waitForSelector(`tr[data-location="${cloud.a.locationId}"] td.latest:has-text("v1")`);
    const deadline = Date.now() + 20_000;
    let live = '';
    while (Date.now() < deadline) {
      await page.reload();
      live = (await page.textContent(`tr[data-location="${cloud.a.locationId}"] td.live`)) ?? '';
      if (live.startsWith('v1, applied')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(live).toMatch(/^v1, applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(await page.textContent(`tr[data-location="${cloud.b.locationId}"] td.live`)).toBe('—');
    const tree = (await box.api('GET', '/menu', { token: boxToken })).body;
    expect(tree.categories[0].items.find((i: any) => i.name === 'Soup').price).toBe(1450);
    await page.screenshot({ path: artifact('cloud-menus.png'), fullPage: true });
    expect([...hosts]).toEqual([new URL(cloud.url).host]);
    await context.close();
  });

  it('a double click on Publish makes one publication, not two versions', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const publishes: string[] = [];
    page.on('request', (req) => { if (req.url().endsWith('/publish')) publishes.push(req.headers()['idempotency-key'] ?? ''); });
    await page.goto(`${cloud.url}/login`);
    await page.fill('#email', cloud.ownerEmail);
    await page.fill('#password', OWNER_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/`);
    await page.goto(`${cloud.url}/menus`);
    await page.fill('#name-new', 'Dinner');
    await page.fill('#doc-new', JSON.stringify(menuDoc(2100)));
    await page.click('#create');
    await page.waitForSelector('section.menu h2:has-text("Dinner")');
    const menu = (await cloud.db.query<{ id: string }>("SELECT id FROM menus WHERE name = 'Dinner'")).rows[0]!;

    await page.check(`#menu-${menu.id} input[value="${cloud.b.locationId}"]`);
    await page.dblclick(`#menu-${menu.id} [data-publish]`);
    await page.waitForSelector(`#menu-${menu.id} p.sub:has-text("last published v1")`);
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await cloud.db.query<{ menu_version: number }>('SELECT menu_version FROM menu_publications WHERE menu_id = $1', [menu.id]);
    expect(rows.map((r) => r.menu_version)).toEqual([1]);
    expect(publishes.length).toBeGreaterThan(0);
    expect(new Set(publishes).size).toBe(1);
    expect(publishes[0]).toMatch(/^[0-9a-f]{32}$/);
    await context.close();
  });
});
