import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { launchChromium } from './chromium.js';
import { addDish, newTablet, openTable, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember } from './app-helpers.js';

const SHOTS = '/tmp/shots-office-menu';
let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); fs.mkdirSync(SHOTS, { recursive: true }); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); ({ context, page } = await newTablet(browser)); });
afterEach(async () => { await context.close(); await t.close(); });

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** The menu tree as the box has it now. */
async function tree(): Promise<any> {
  return (await t.api('GET', '/menu', { token: r.ownerToken })).body;
}
const dishNamed = async (name: string) => (await tree()).categories.flatMap((c: any) => c.items).find((i: any) => i.name === name);

async function managerOnEditor(): Promise<void> {
  const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
  await page.setViewportSize({ width: 1280, height: 800 });
  await pairAndSignIn(page, t, r, managerId, '9876');
  await page.click('#open-menuedit');
  await page.waitForSelector('#menuedit-body [data-dish-row="Burger"]');
}

/** Saves a dialog with `button` and waits for it to close. */
async function saveDialog(button: string): Promise<void> {
  await page.click(button);
  await page.waitForSelector('#modal', { state: 'hidden' });
}

describe('the menu editor in the app', () => {
  it("a manager adds a category, an option group with a priced option and a dish that uses it, changes a price, and the waiter's menu has it all", async () => {
    await managerOnEditor();

    await page.click('#add-category');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('category-name');
    await page.fill('#category-name', 'Specials');
    // A double tap on Add adds one category: the button waits while the first is on its way.
    await page.dblclick('#category-save');
    await page.waitForSelector('#modal', { state: 'hidden' });
    await page.waitForSelector('[data-category-row="Specials"]');
    expect((await tree()).categories.filter((c: any) => c.name === 'Specials')).toHaveLength(1);

    await page.click('[data-part="options"]');
    await page.click('#add-group');
    await page.fill('#group-name', 'Sauce');
    await saveDialog('#group-save');
    await page.click('[data-add-option="Sauce"]');
    await page.fill('#option-name', 'Pepper');
    await page.fill('#option-price', '2.00');
    await saveDialog('#option-save');
    await page.waitForSelector('[data-option-row="Pepper"]');
    expect(await page.textContent('[data-option-row="Pepper"]')).toContain('2.00');

    await page.click('[data-part="dishes"]');
    await page.click('[data-add-dish="Specials"]');
    await page.fill('#dish-name', 'Duck');
    await page.fill('#dish-price', '18,50');
    await page.click('#dish-save');
    // Checked on the tablet before anything is sent, next to the field.
    expect(await page.textContent('[data-error="price"]')).toContain('comma');
    expect(await page.getAttribute('#dish-price', 'aria-invalid')).toBe('true');
    await page.fill('#dish-price', '18.50');
    await page.fill('#dish-station', 'grill');
    await page.check('[data-group="Sauce"]');
    await saveDialog('#dish-save');
    await page.waitForSelector('[data-dish-row="Duck"]');
    const duck = await dishNamed('Duck');
    expect(duck).toMatchObject({ price: 1850, taxRateBp: 1000, station: 'grill' });
    expect(duck.optionGroups.map((g: any) => g.name)).toEqual(['Sauce']);

    // A name the category already has: the box's DUPLICATE shows next to the name.
    await page.click('[data-add-dish="Mains"]');
    await page.fill('#dish-name', 'burger');
    await page.fill('#dish-price', '9');
    await page.click('#dish-save');
    await page.waitForSelector('[data-error="name"]:not(:empty)');
    expect(await page.textContent('[data-error="name"]')).toContain('already exists');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#modal', { state: 'hidden' });

    await page.click('[data-edit-dish="Burger"]');
    expect(await page.inputValue('#dish-price')).toBe('14.50');
    await page.fill('#dish-price', '15.90');
    await saveDialog('#dish-save');
    await page.waitForSelector('[data-dish-row="Burger"]:has-text("15.90")');
    expect((await dishNamed('Burger')).price).toBe(1590);

    // Every input in the editor's dialogs has a label.
    await page.click('[data-edit-dish="Duck"]');
    expect(await page.evaluate(() => [...document.querySelectorAll('#modal-box input, #modal-box select, #modal-box textarea')]
      .filter((el) => !(el as HTMLInputElement).labels?.length).map((el) => el.id))).toEqual([]);
    await page.keyboard.press('Escape');

    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    const waiter = await newTablet(browser);
    await pairAndSignIn(waiter.page, t, r, waiterId, '4321');
    await openTable(waiter.page, 'T1', 2);
    await waiter.page.click('#cats [data-cat="Specials"]');
    expect(await waiter.page.textContent('#items [data-item="Duck"]')).toContain('18.50');
    await addDish(waiter.page, 'Duck', ['Pepper']);
    expect(await waiter.page.textContent('#lines')).toContain('Pepper');
    await waiter.page.click('#cats [data-cat="Mains"]');
    expect(await waiter.page.textContent('#items [data-item="Burger"]')).toContain('15.90');
    await waiter.context.close();
  });

  it('reorders and deletes categories, and refuses to delete a dish already ordered with the reason next to the form', async () => {
    await managerOnEditor();
    const names = async () => page.$$eval('#menuedit-body [data-category-row] h2', (els) => els.map((e) => e.textContent));
    expect(await names()).toEqual(['Mains', 'Drinks', 'Desserts']);
    await page.click('[data-move-up="Desserts"]');
    await expect.poll(names).toEqual(['Mains', 'Desserts', 'Drinks']);
    expect((await tree()).categories.map((c: any) => c.name)).toEqual(['Mains', 'Desserts', 'Drinks']);
    // Categories with dishes have no Delete; an empty one does.
    expect(await page.locator('[data-delete-category]').count()).toBe(0);
    await page.click('#add-category');
    await page.fill('#category-name', 'Brunch');
    await saveDialog('#category-save');
    await page.click('[data-delete-category="Brunch"]');
    await saveDialog('#category-delete-ok');
    await expect.poll(names).toEqual(['Mains', 'Desserts', 'Drinks']);
    // A change made on another tablet shows here without a reload.
    const drinks = (await tree()).categories.find((c: any) => c.name === 'Drinks');
    expect((await t.api('PATCH', `/menu/categories/${drinks.id}`, { token: r.ownerToken, body: { name: 'Bar' } })).status).toBe(200);
    await expect.poll(names).toEqual(['Mains', 'Desserts', 'Bar']);

    const order = await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'dine_in', tableId: b.tables.t1, guestCount: 1, lines: [{ itemId: b.items.soda, quantity: 1 }] } });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    await page.click('[data-edit-dish="Soda"]');
    await page.click('#dish-delete');
    await page.waitForSelector('[data-error="general"]:not(:empty)');
    expect(await page.textContent('[data-error="general"]')).toContain('Mark it unavailable instead');
    expect(await dishNamed('Soda')).toBeTruthy();
  });

  it('while the cloud manages the menu, its fields show read-only and say so, and a refusal names the field', async () => {
    await managerOnEditor();
    await page.click('[data-edit-dish="Soda"]');
    // The central menu arrives while the dialog is open (written as the channel writes it): the box refuses the price.
    const db = new Database(t.dbFile);
    db.prepare("insert into central_menu (id, publication_id, menu_version, applied_at, managed_fields, updated_at) values (1, 'pub-1', 3, ?, ?, ?)")
      .run(Date.now(), JSON.stringify(['name', 'price', 'taxRateBp', 'categoryId']), Date.now());
    db.close();
    await page.fill('#dish-price', '4.00');
    await page.click('#dish-save');
    await page.waitForSelector('[data-error="price"]:not(:empty)');
    expect(await page.textContent('[data-error="price"]')).toContain('managed in the cloud');
    expect((await dishNamed('Soda')).price).toBe(350);
    await page.keyboard.press('Escape');

    await page.click('#back');
    await page.click('#open-menuedit');
    await page.waitForSelector('#menuedit-central:not([hidden])');
    expect(await page.textContent('#menuedit-central')).toContain('managed by the cloud menu');
    expect(await page.locator('#add-category').count()).toBe(0);
    expect(await page.locator('[data-add-dish]').count()).toBe(0);
    await page.click('[data-edit-dish="Soda"]');
    expect(await page.isDisabled('#dish-price')).toBe(true);
    expect(await page.textContent('[data-field="price"]')).toContain('managed by the cloud menu');
    // What the cloud does not manage stays editable here.
    expect(await page.isDisabled('#dish-station')).toBe(false);
    await page.fill('#dish-station', 'drinks');
    await saveDialog('#dish-save');
    await expect.poll(async () => (await dishNamed('Soda')).station).toBe('drinks');
    expect(await lowestContrast(page, '#menuedit-central')).toBeGreaterThanOrEqual(4.5);
    await shot('central-1280x800');
  });

  it('an import with a bad row shows the row, the field and the problem as a table, and changes nothing', async () => {
    await managerOnEditor();
    await page.click('[data-part="files"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toMatch(/^menu-v\d+\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Tarte Tatin');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    expect(JSON.parse(fs.readFileSync((await jsonDownload.path())!, 'utf8')).categories.length).toBe(3);

    // The burger's price changes in the file, and the soda's price is unreadable: nothing may apply.
    const lines = csv.split(/\r?\n/);
    const edited = lines.map((l) => (l.includes(',Burger,') ? l.replace('14.50', '19.00') : l.includes(',Soda,') ? l.replace('3.50', 'cheap') : l)).join('\r\n');
    expect(edited).not.toBe(csv);
    const etag = (await t.api('GET', '/menu', { token: r.ownerToken })).headers.get('etag');
    await page.setInputFiles('#import-file', { name: 'menu.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
    await page.click('#import-go');
    await page.waitForSelector('#import-problems');
    const rows = await page.$$eval('#import-problems tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const sodaLine = lines.findIndex((l) => l.includes(',Soda,')) + 1;
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe(`line ${sodaLine}`);
    expect(rows[0]![1]).toBe('price');
    expect(rows[0]![2]).toContain('cheap');
    expect(await page.textContent('.import-errors')).toContain('Nothing was imported');
    expect(await lowestContrast(page, '.import-errors p, #import-problems th, #import-problems td, .import-form label')).toBeGreaterThanOrEqual(4.5);
    expect((await t.api('GET', '/menu', { token: r.ownerToken })).headers.get('etag')).toBe(etag);
    expect((await dishNamed('Burger')).price).toBe(1450);
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.locator('#import-problems td.reason').scrollIntoViewIfNeeded();
      expect(await uncovered(page, '#import-problems td.reason')).toBe(true);
      await shot(`import-errors-${size.name}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // The file fixed: it applies, and says what it did.
    await page.setInputFiles('#import-file', { name: 'menu.csv', mimeType: 'text/csv', buffer: Buffer.from(edited.replace('cheap', '3.50')) });
    await page.click('#import-go');
    await page.waitForSelector('#import-result .ok-note');
    expect(await page.textContent('#import-result')).toContain('Dishes: 0 added, 1 changed');
    expect((await dishNamed('Burger')).price).toBe(1900);
  });

  it("86 in one tap says who took the dish off and when, and who put it back", async () => {
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-menu86');
    await page.waitForSelector('#avail-list [data-avail="Tarte Tatin"][aria-checked="true"]');
    expect(await page.locator('[data-changed="Tarte Tatin"]').count()).toBe(0);
    await page.click('#avail-list [data-avail="Tarte Tatin"]');
    await page.waitForSelector('[data-changed="Tarte Tatin"]');
    const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const line = await page.textContent('[data-changed="Tarte Tatin"]');
    expect(line).toContain('86\u2019d by Maya');
    expect([time, new Date(Date.now() - 60_000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })].some((t2) => line!.includes(t2))).toBe(true);

    // Put back from another tablet by the owner: this screen follows with the new name.
    expect((await t.api('POST', `/menu/items/${b.items.tart}/availability`, { token: r.ownerToken, body: { available: true } })).status).toBe(200);
    await expect.poll(() => page.textContent('[data-changed="Tarte Tatin"]')).toContain('Back on by Olive Owner');
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await shot(`menu-86-who-${size.name}`);
    }
  });

  it('a waiter never sees the menu screens', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T1"]');
    expect(await page.isHidden('#open-menuedit')).toBe(true);
    expect(await page.isHidden('#open-menu86')).toBe(true);
    expect(await page.isHidden('#menuedit')).toBe(true);
  });

  it('fits 1280×800, 800×1280 and 390×844: nothing covered or off-screen on the dishes, the options and the dish dialog', async () => {
    await managerOnEditor();
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      // The floor's office bar, with Edit menu in it, fits and is uncovered.
      await page.click('#back');
      await page.waitForSelector('#open-menuedit:visible');
      expect(await uncovered(page, '#open-menuedit')).toBe(true);
      await shot(`floor-${size.name}`);
      await page.click('#open-menuedit');
      for (const part of ['dishes', 'options'] as const) {
        await page.click(`[data-part="${part}"]`);
        await page.waitForSelector(part === 'dishes' ? '[data-edit-dish="Burger"]' : '[data-edit-option="Cheese"]');
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
        for (const rect of await rectsOf(page, '#menuedit-tabs button, #menuedit-body button')) {
          expect(rect.x).toBeGreaterThanOrEqual(0);
          expect(rect.x + rect.width).toBeLessThanOrEqual(size.width);
        }
        // A control scrolled to is on screen and nothing lies on it.
        const control = part === 'dishes' ? '[data-edit-dish="Burger"]' : '[data-edit-option="Cheese"]';
        await page.locator(control).scrollIntoViewIfNeeded();
        expect(await uncovered(page, control), `${part} ${size.name}`).toBe(true);
        expect(await lowestContrast(page, '#menuedit-tabs button, #menuedit-body button:not([disabled]), #menuedit-body h2, #menuedit-body small')).toBeGreaterThanOrEqual(4.5);
        await shot(`editor-${part}-${size.name}`);
      }
      await page.click('[data-part="dishes"]');
      await page.click('[data-edit-dish="Burger"]');
      const box = (await rectsOf(page, '#modal-box'))[0]!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      for (const rect of await rectsOf(page, '#modal-box input, #modal-box select, #modal-box textarea')) expect(rect.x + rect.width).toBeLessThanOrEqual(box.x + box.width);
      expect(await lowestContrast(page, '#modal-box label, #modal-box legend, #modal-box input:not([type=checkbox]), #modal-box button:not([disabled])')).toBeGreaterThanOrEqual(4.5);
      await page.locator('#dish-save').scrollIntoViewIfNeeded();
      expect(await uncovered(page, '#dish-save')).toBe(true);
      await shot(`dish-dialog-${size.name}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#modal', { state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-edit-dish'))).toBe('Burger');
    }
  });
});

/**
 * WCAG contrast of each matching element's text against the background it shows on (its own, or the
 * first one set on an ancestor); the lowest of them.
 */
async function lowestContrast(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const channels = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = channels(c).slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const backdrop = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if ((channels(bg)[3] ?? 1) > 0) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const ratios = [...document.querySelectorAll(sel)].map((el) => {
      const [hi, lo] = [lum(getComputedStyle(el).color), lum(backdrop(el))].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    });
    return ratios.length ? Math.min(...ratios) : 0;
  }, selector);
}

/** The element is inside the viewport and the topmost thing at its centre (or contains it). */
async function uncovered(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const x = r.x + r.width / 2, y = r.y + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
    const top = document.elementFromPoint(x, y);
    return !!top && (top === el || el.contains(top));
  }, selector);
}
