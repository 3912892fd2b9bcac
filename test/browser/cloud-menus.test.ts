import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { OWNER_PASSWORD, inviteMember, signInOwner } from '../helpers/cloud-accounts.js';
import { startTestBox, setUpRestaurant, type TestBox } from '../helpers/box.js';
import { launchChromium } from './chromium.js';
import { SCREEN_SIZES, rectsOf } from './app-helpers.js';

/**
 * The central menu editor in Chromium: an owner builds a menu row by row, sets a location's
 * override, publishes, and the real box at that location applies it; the API's refusals show
 * next to the field; the page fits a phone, a tablet and a desktop with Save / Publish in reach.
 */
const SHOTS = '/tmp/shots-cloudmenu';
let browser: Browser;
let cloud: TestCloud;
let box: TestBox;
let boxToken: string;
let ownerToken: string;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  ownerToken = await signInOwner(cloud);
  box = await startTestBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_WAIT_SECONDS: '5', SYNC_INTERVAL_MS: '100' } });
  boxToken = (await setUpRestaurant(box)).ownerToken;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await box?.close();
  await cloud?.close();
});

async function signedInPage(viewport: { width: number; height: number }, who = { email: '', password: OWNER_PASSWORD }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${cloud.url}/login`);
  await page.fill('#email', who.email || cloud.ownerEmail);
  await page.fill('#password', who.password);
  await page.click('#submit');
  await page.waitForURL(`${cloud.url}/`);
  return page;
}

/** Creates a menu from the overview page and lands in its editor; returns its id. */
async function newMenu(page: Page, name: string): Promise<string> {
  await page.goto(`${cloud.url}/menus`);
  await page.fill('#create input[name="name"]', name);
  await page.click('#create button');
  await page.waitForURL(/\/menus\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

const field = (page: Page, row: string, name: string) => page.locator(`${row} > .fields [data-field="${name}"]`);
const publications = async (menuId: string) => (await cloud.db.query<{ menu_version: number }>(
  'SELECT menu_version FROM menu_publications WHERE menu_id = $1 ORDER BY menu_version', [menuId])).rows.map((r) => r.menu_version);

let editorMenuId = '';

describe('the central menu editor', () => {
  it('an owner adds a category, an item with an option group, changes a price, sets a location override and publishes; the box applies it and the page shows it live', async () => {
    const page = await signedInPage({ width: 1280, height: 800 });
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    const publishes: string[] = [];
    page.on('request', (req) => { if (req.url().endsWith('/publish')) publishes.push(req.headers()['idempotency-key'] ?? ''); });
    const menuId = await newMenu(page, 'Lunch');
    editorMenuId = menuId;

    await page.click('[data-act="add-category"]');
    await field(page, '#categories > .cat', 'name').fill('Mains');
    await page.click('#categories > .cat [data-act="add-item"]');
    const item = '#categories > .cat .items > .item';
    await field(page, item, 'name').fill('Soup');
    await field(page, item, 'price').fill('9.50');
    await field(page, item, 'taxRateBp').fill('10');
    await field(page, item, 'station').fill('kitchen');
    await field(page, item, 'description').fill('of the day');
    await page.click('[data-act="add-group"]');
    await field(page, '#groups > .group', 'name').fill('Size');
    await page.click('#groups > .group [data-act="add-option"]');
    await field(page, '#groups > .group .options > .option', 'name').fill('Large');
    await field(page, '#groups > .group .options > .option', 'priceDelta').fill('1.50');
    await page.check(`${item} .choices input[value="Size"]`);
    await page.click('#save');
    await page.waitForSelector('#note:has-text("Saved as draft version 2")');

    // A bad price: the API's own message, next to the price of that item.
    await field(page, item, 'price').fill('-3');
    await page.click('#save');
    const problem = page.locator(`${item} > .problem`);
    await problem.waitFor({ state: 'visible' });
    expect(await problem.textContent()).toBe('Price (EUR): A price cannot be negative.');
    expect(await field(page, item, 'price').getAttribute('aria-invalid')).toBe('true');
    expect(await page.textContent('#error')).toContain('nothing was saved');
    await page.screenshot({ path: path.join(SHOTS, 'editor-bad-price-1280x800.png') });

    await field(page, item, 'price').fill('11.00');
    await page.click('#save');
    await page.waitForSelector('#note:has-text("Saved as draft version 3")');
    expect(await problem.isHidden()).toBe(true);

    const a = `.loc[data-location="${cloud.a.locationId}"]`;
    await page.click(`${a} [data-act="add-override"]`);
    const override = `${a} .overrides > .override`;
    await field(page, override, 'item').selectOption(JSON.stringify(['Mains', 'Soup']));
    await field(page, override, 'price').fill('12.50');
    await field(page, override, 'station').fill('cold');
    await page.click(`${a} [data-act="save-location"]`);
    await page.waitForSelector('#note:has-text("Saved the settings of A")');

    await page.check(`${a} input[name="publish-to"]`);
    await page.dblclick('#publish');
    await page.waitForSelector(`${a} .live:has-text("v1, applied")`, { timeout: 30_000 });
    expect(await page.textContent(`${a} .live`)).toMatch(/^v1, applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(await page.textContent(`${a} .latest`)).toBe('v1 applied');
    expect(await page.textContent(`.loc[data-location="${cloud.b.locationId}"] .live`)).toBe('—');
    expect(await page.textContent('#published-version')).toBe('1');
    expect(await publications(menuId)).toEqual([1]);
    expect(new Set(publishes).size).toBe(1);

    const exported = (await box.api('GET', '/menu/export?format=json', { token: boxToken })).body;
    const soup = exported.categories.find((c: any) => c.name === 'Mains').items.find((i: any) => i.name === 'Soup');
    expect(soup).toMatchObject({ price: 1250, taxRateBp: 1000, station: 'cold', description: 'of the day', optionGroups: ['Size'] });
    expect(exported.optionGroups).toEqual([expect.objectContaining({ name: 'Size', options: [expect.objectContaining({ name: 'Large', priceDelta: 150 })] })]);
    await page.screenshot({ path: path.join(SHOTS, 'editor-published-1280x800.png'), fullPage: true });
    expect([...hosts]).toEqual([new URL(cloud.url).host]);
    await page.context().close();
  });

  it('a location override the API refuses shows its message on that override row, and nothing is saved', async () => {
    const page = await signedInPage({ width: 1280, height: 800 });
    await page.goto(`${cloud.url}/menus/${editorMenuId}`);
    const b = `.loc[data-location="${cloud.b.locationId}"]`;
    await page.click(`${b} [data-act="add-override"]`);
    const override = `${b} .overrides > .override`;
    await field(page, override, 'item').selectOption(JSON.stringify(['Mains', 'Soup']));
    await field(page, override, 'station').fill('no spaces allowed');
    await page.click(`${b} [data-act="save-location"]`);
    const problem = page.locator(`${override} > .problem`);
    await problem.waitFor({ state: 'visible' });
    expect(await problem.textContent()).toMatch(/^Station here: A short station name like grill/);
    const { rows } = await cloud.db.query('SELECT 1 FROM menu_location_settings WHERE location_id = $1', [cloud.b.locationId]);
    expect(rows).toEqual([]);
    await page.context().close();
  });

  it('a viewer sees the menu read-only; a manager edits it and sees only the locations granted', async () => {
    const viewer = { email: 'vera@example.com', password: 'a long enough secret' };
    const manager = { email: 'mona@example.com', password: 'a long enough secret' };
    await inviteMember(cloud.url, ownerToken, { ...viewer, role: 'viewer', locationIds: [cloud.a.locationId] });
    await inviteMember(cloud.url, ownerToken, { ...manager, role: 'manager', locationIds: [cloud.b.locationId] });
    const page = await signedInPage({ width: 1280, height: 800 }, viewer);
    await page.goto(`${cloud.url}/menus/${editorMenuId}`);
    expect(await page.locator('#editor input').count()).toBeGreaterThan(0);
    expect(await page.locator('#editor input:not([disabled])').count()).toBe(0);
    expect(await page.locator('#save, #publish, [data-act]').count()).toBe(0);
    expect(await page.textContent(`.loc[data-location="${cloud.a.locationId}"] .live`)).toMatch(/^v1, applied/);
    await page.context().close();

    const managed = await signedInPage({ width: 1280, height: 800 }, manager);
    await managed.goto(`${cloud.url}/menus/${editorMenuId}`);
    expect(await managed.locator('.loc').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.location))).toEqual([cloud.b.locationId]);
    await field(managed, '#categories > .cat .items > .item', 'price').fill('11.50');
    await managed.click('#save');
    await managed.waitForSelector('#note:has-text("Saved as draft version 4")');
    await managed.context().close();
  });

  for (const size of SCREEN_SIZES) {
    it(`at ${size.name} the editor fits the screen and Save / Publish stay in reach while scrolling`, async () => {
      const page = await signedInPage({ width: size.width, height: size.height });
      await page.goto(`${cloud.url}/menus/${editorMenuId}`);
      await page.click('[data-act="add-category"]');
      await field(page, '#categories > .cat:last-child', 'name').fill('Desserts');
      await page.click('#categories > .cat:last-child [data-act="add-item"]');
      await page.screenshot({ path: path.join(SHOTS, `editor-${size.name}.png`) });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      for (const at of ['top', 'middle', 'bottom']) {
        await page.evaluate((where) => {
          const max = document.documentElement.scrollHeight - innerHeight;
          window.scrollTo(0, where === 'top' ? 0 : where === 'middle' ? max / 2 : max);
        }, at);
        for (const sel of ['#save', '#publish']) {
          const [r] = await rectsOf(page, sel);
          expect(r!.y, `${sel} at ${at}`).toBeGreaterThanOrEqual(0);
          expect(r!.y + r!.height, `${sel} at ${at}`).toBeLessThanOrEqual(size.height);
          expect(r!.x + r!.width, `${sel} at ${at}`).toBeLessThanOrEqual(size.width);
          // Nothing on top of the button: the point at its centre is the button.
          expect(await page.evaluate((s) => { const e = document.querySelector(s)!; const b = e.getBoundingClientRect();
            return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.closest(s) === e; }, sel)).toBe(true);
        }
      }
      for (const r of await rectsOf(page, '#editor input, #editor select, #locations input, #locations select, #editor button')) {
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.x + r.width).toBeLessThanOrEqual(size.width);
      }
      await page.screenshot({ path: path.join(SHOTS, `editor-full-${size.name}.png`), fullPage: true });
      await page.goto(`${cloud.url}/menus`);
      expect(await page.textContent('.menus')).toContain('Lunch');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: path.join(SHOTS, `overview-${size.name}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
