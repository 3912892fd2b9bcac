import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { receiveAll, seedPantry, stockApi } from '../helpers/stock.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember, tappable } from './app-helpers.js';

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

interface IngredientRow { id: string; name: string; unit: string; onHand: number; lowThreshold: number | null; parLevel: number | null; costPerUnit: number }

const ingredients = async (): Promise<IngredientRow[]> => stockApi(r, 'GET', '/stock/ingredients');
const beef = async (): Promise<IngredientRow> => (await ingredients()).find((i) => i.name === 'Beef mince')!;
const movements = async (kind: string): Promise<unknown[]> => stockApi(r, 'GET', `/stock/movements?kind=${kind}`);

/** Waits for the toast to go, so it covers nothing while the layout is measured. */
const noToast = (): Promise<unknown> => page.waitForSelector('#toast', { state: 'hidden', timeout: 8000 });

/**
 * Every piece of text inside `root` whose contrast with the background it sits on is under 4.5:1
 * (disabled controls excepted), as "text: ratio".
 */
async function lowContrast(root: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const rgba = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = (c: number[]): number => {
      const [r, g, b] = c.slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c[3] ?? 0) > 0.5) return c;
      }
      return [16, 20, 24]; // the page's --bg
    };
    const bad: string[] = [];
    for (const el of document.querySelectorAll(`${sel}, ${sel} *`)) {
      const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!text || el.getBoundingClientRect().width === 0 || el.closest(':disabled')) continue;
      const [hi, lo] = [lum(rgba(getComputedStyle(el).color)), lum(background(el))].sort((x, y) => y - x);
      const ratio = (hi! + 0.05) / (lo! + 0.05);
      if (ratio < 4.5) bad.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return bad;
  }, root);
}

/**
 * At every size: nothing wider than the screen, every control of the screen (or dialog) inside it,
 * and `main` reachable and uncovered once scrolled to; all text at 4.5:1 contrast. Screenshot named `name`.
 */
async function fitsEverySize(name: string, main: string, within = '#stock'): Promise<void> {
  await noToast(); // the app's toast sits over the bottom of any screen for 4.5 s; what is measured is the screen
  expect(await lowContrast(within), `${name}: text under 4.5:1`).toEqual([]);
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} at ${size.name}`).toBeLessThanOrEqual(0);
    for (const box of await rectsOf(page, `${within} button, ${within} input, ${within} select, ${within} .office-row`)) {
      if (box.width === 0) continue; // hidden
      expect(box.x, `${name} at ${size.name}`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name} at ${size.name}`).toBeLessThanOrEqual(size.width + 0.5);
    }
    // Centred: scrolled to the nearest edge, Chromium can leave a box a fraction of a pixel past it.
    await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), main);
    await page.screenshot({ path: artifact(`app-stock-${name}-${size.name}.png`) });
    expect(await tappable(page, main), `${main} at ${size.name}`).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const tab = async (id: string): Promise<void> => {
  await page.click(`#stock-tabs [data-stock-tab="${id}"]`);
  await page.waitForSelector(`#stock-tabs [data-stock-tab="${id}"][aria-selected="true"]`);
};

describe('stock screens in the app', () => {
  it('lets a manager add an ingredient, give a dish its recipe, receive, record waste and count — a count overtaken by a fire is explained — and shows a low-stock alert live', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.waitForSelector('#tables [data-table="T1"]');
    await fitsEverySize('floor-manager', '#open-stock', '#floor');
    await page.click('#open-stock');
    await page.waitForSelector('#stock-tabs [data-stock-tab="ingredients"][aria-selected="true"]');
    await page.waitForSelector('#ingredient-list');

    // Ingredients: a wrong figure is said in the dialog; a double tap adds one.
    await page.click('#add-ingredient');
    await page.fill('#ing-name', 'Beef mince');
    await page.selectOption('#ing-unit', 'kg');
    expect(await page.textContent('label[for="ing-low"]')).toContain('(kg');
    await page.fill('#ing-cost', '12.00');
    await page.fill('#ing-low', 'two');
    await page.fill('#ing-par', '10');
    await page.click('#ing-save');
    expect(await page.textContent('#modal .prompt')).toContain('alert level is a number');
    await page.fill('#ing-low', '2');
    await fitsEverySize('ingredient-dialog', '#ing-save', '#modal-box');
    await page.dblclick('#ing-save');
    await page.waitForSelector('#ingredient-list [data-ingredient="Beef mince"]');
    expect((await ingredients()).filter((i) => i.name === 'Beef mince')).toEqual([
      expect.objectContaining({ unit: 'kg', costPerUnit: 1200, lowThreshold: 2_000_000, parLevel: 10_000_000, onHand: 0 })]);
    expect(await page.textContent('#ingredient-list [data-ingredient="Beef mince"]')).toContain('alert at 2 kg');
    // The box's refusal (DUPLICATE) is said where the manager looks.
    await page.click('#add-ingredient');
    await page.fill('#ing-name', 'beef mince');
    await page.click('#ing-save');
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('already exists');
    await page.keyboard.press('Escape');

    // Recipes: the Burger takes 180 g of beef per portion (units offered are those of a weight).
    await tab('recipes');
    await page.click('#stock-body [data-recipe="Burger"]');
    await page.selectOption('#rl-ing-0', { label: 'Beef mince' });
    expect(await page.$$eval('#rl-unit-0 option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['mg', 'g', 'kg']);
    await page.selectOption('#rl-unit-0', 'g');
    await page.fill('#rl-qty-0', '180');
    await fitsEverySize('recipe-dialog', '#recipe-save', '#modal-box');
    await page.dblclick('#recipe-save');
    await page.waitForSelector('#modal', { state: 'hidden' });
    await expect.poll(() => page.textContent('#stock-body [data-recipe-row="Burger"]')).toContain('180 g Beef mince');
    const recipe = (await stockApi(r, 'GET', '/stock/recipes') as Array<{ menuItemId: string | null; quantity: number }>).filter((l) => l.menuItemId === b.items.burger);
    expect(recipe).toEqual([expect.objectContaining({ quantity: 180_000 })]);

    // A delivery of 5 kg for 60.00, tapped twice: received once.
    await tab('deliveries');
    await page.click('#receive-open');
    await page.selectOption('#move-ingredient', { label: 'Beef mince' });
    await page.fill('#move-quantity', '5');
    await page.fill('#move-cost', '60');
    await fitsEverySize('delivery-dialog', '#move-save', '#modal-box');
    await page.dblclick('#move-save');
    await page.waitForSelector('#modal', { state: 'hidden' });
    await page.waitForSelector('#delivery-list [data-move="Beef mince"]');
    expect(await movements('receive')).toHaveLength(1);
    expect((await beef()).onHand).toBe(5_000_000);

    // Waste needs a reason; 500 g dropped.
    await tab('waste');
    await page.click('#waste-open');
    await page.selectOption('#move-ingredient', { label: 'Beef mince' });
    await page.fill('#move-quantity', '500');
    await page.selectOption('#move-unit', 'g');
    await page.click('#move-save');
    expect(await page.textContent('#modal .prompt')).toContain('Say why');
    await page.click('#modal [data-reason="Dropped"]');
    await page.click('#move-save');
    await page.waitForSelector('#modal', { state: 'hidden' });
    await expect.poll(() => page.textContent('#waste-list')).toContain('0.5 kg Beef mince');
    expect((await beef()).onHand).toBe(4_500_000);

    // The count sheet is read at 4.5 kg; then a burger is fired from another tablet (180 g used).
    await tab('count');
    await page.waitForSelector('#count-lines [data-count="Beef mince"]');
    expect(await page.textContent('#count-lines [data-count="Beef mince"]')).toContain('expects 4.5 kg');
    const order = await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [burgerLine(b)] });
    await stockApi(r, 'POST', `/orders/${order.id}/fire`, {});
    expect((await beef()).onHand).toBe(4_320_000);
    await page.fill('#count-lines [data-count-input="Beef mince"]', '4.4');
    await page.click('#count-save');
    const conflict = '#count-lines [data-conflict="Beef mince"]';
    await page.waitForSelector(conflict);
    const said = await page.textContent(conflict);
    expect(said).toContain('Not recorded');
    expect(said).toContain('You counted against 4.5 kg; the box now has 4.32 kg');
    expect(said).toContain('0.18 kg used by a dish sent to the kitchen');
    expect(await movements('count')).toHaveLength(0);
    await fitsEverySize('count-conflict', '#count-lines [data-recount="Beef mince"]');

    // Count again against the new figure: recorded once, with its variance.
    await page.click('#count-lines [data-recount="Beef mince"]');
    expect(await page.textContent('#count-lines [data-count="Beef mince"]')).toContain('expects 4.32 kg');
    await page.fill('#count-lines [data-count-input="Beef mince"]', '4.3');
    await page.dblclick('#count-save');
    await page.waitForSelector('#count-lines [data-count="Beef mince"] .count-done');
    expect(await page.textContent('#count-lines [data-count="Beef mince"] .count-done')).toContain('\u22120.02 kg against the box');
    expect(await movements('count')).toHaveLength(1);
    expect((await beef()).onHand).toBe(4_300_000);

    // Another tablet wastes 2.4 kg: 1.9 kg is under the 2 kg alert level; the manager on the floor hears it live.
    await page.click('#back');
    await page.waitForSelector('#floor', { state: 'visible' });
    expect(await page.textContent('#open-stock')).toBe('Stock');
    await stockApi(r, 'POST', '/stock/waste', { ingredientId: (await beef()).id, quantity: 2.4, unit: 'kg', reason: 'Spoiled' });
    await expect.poll(() => page.textContent('#open-stock')).toBe('Stock \u00b7 1 alert');
    await expect.poll(() => page.textContent('#toast')).toContain('Low stock: Beef mince');
    await page.click('#open-stock');
    await tab('alerts');
    await page.waitForSelector('#stock-alerts [data-alert="Beef mince"][data-kind="low"]');
    expect(await page.textContent('#stock-alerts [data-alert="Beef mince"]')).toContain('Beef mince is low: 1.9 kg left, alert at 2 kg; order up to 10 kg');
    expect(await page.textContent('#stock-tabs [data-stock-tab="alerts"]')).toBe('Alerts (1)');
    await page.click('#stock-alerts [data-alert-receive="Beef mince"]');
    expect(await page.$eval('#move-ingredient', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Beef mince');
    await page.keyboard.press('Escape');

    // Every tab at every size.
    await fitsEverySize('alerts', '#stock-alerts [data-alert="Beef mince"]');
    await tab('ingredients');
    expect(await page.textContent('#ingredient-list [data-ingredient="Beef mince"] .state-word')).toBe('Low');
    await fitsEverySize('ingredients', '#add-ingredient');
    await tab('recipes');
    await fitsEverySize('recipes', '#stock-body [data-recipe="Burger"]');
    await tab('deliveries');
    await page.waitForSelector('#delivery-list [data-move]');
    await fitsEverySize('deliveries', '#receive-open');
    await tab('waste');
    await page.waitForSelector('#waste-list [data-move]');
    await fitsEverySize('waste', '#waste-open');
    await tab('count');
    await fitsEverySize('count', '#count-save');
  });

  it('refuses a stale ingredient edit in words, keeps a count made after the stock moved, and shows what options add or take away', async () => {
    const p = await seedPantry(r, b);
    await receiveAll(r, [[p.cola, 5, 'l']]);
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-stock');
    await page.click('#ingredient-list [data-edit-ingredient="Cola"]');
    // A level typed in litres follows a change of unit to centilitres.
    await page.fill('#ing-low', '1');
    await page.selectOption('#ing-unit', 'cl');
    expect(await page.inputValue('#ing-low')).toBe('100');
    await page.selectOption('#ing-unit', 'l');
    // Someone else saves Cola meanwhile: this edit is refused, not laid over theirs.
    await stockApi(r, 'PATCH', `/stock/ingredients/${p.cola}`, { supplier: 'Drinks & Co' });
    await page.click('#ing-save');
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('Someone else changed Cola since you opened it');
    expect((await stockApi(r, 'GET', `/stock/ingredients/${p.cola}`)).lowThreshold).toBeNull();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#ingredient-list [data-ingredient="Cola"]')).toContain('Drinks & Co');
    await page.click('#ingredient-list [data-edit-ingredient="Cola"]');
    await page.fill('#ing-low', '1');
    await page.click('#ing-save');
    await page.waitForSelector('#modal', { state: 'hidden' });
    expect(await stockApi(r, 'GET', `/stock/ingredients/${p.cola}`)).toMatchObject({ lowThreshold: 1_000_000, supplier: 'Drinks & Co' });

    // The sheet says 5 l; a soda is fired (33 cl); the count of 4.6 l was made after it: kept, recorded once.
    await tab('count');
    await page.waitForSelector('#count-lines [data-count="Cola"]');
    const order = await stockApi(r, 'POST', '/orders', { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await stockApi(r, 'POST', `/orders/${order.id}/fire`, {});
    await page.fill('#count-lines [data-count-input="Cola"]', '4.6');
    await page.click('#count-save-end');
    await page.waitForSelector('#count-lines [data-conflict="Cola"]');
    expect(await page.textContent('#count-lines [data-conflict="Cola"]')).toContain('0.33 l used by a dish sent to the kitchen');
    expect(await page.textContent('#count-summary-end')).toContain('1 line(s) need you');
    await page.click('#count-lines [data-keep-count="Cola"]');
    await page.waitForSelector('#count-lines [data-count="Cola"] .count-done');
    expect(await page.textContent('#count-lines [data-count="Cola"] .count-done')).toContain('Recorded: 4.6 l (\u22120.07 l against the box)');
    expect(await movements('count')).toHaveLength(1);
    expect((await stockApi(r, 'GET', `/stock/ingredients/${p.cola}`)).onHand).toBe(4_600_000);

    await tab('recipes');
    expect(await page.textContent('#stock-body [data-recipe-row="Extras: No onion"]')).toContain('\u221220 g Onion');
    expect(await page.textContent('#stock-body [data-recipe-row="Extras: Cheese"]')).toContain('+30 g Cheddar');
    expect(await page.textContent('#stock-body [data-recipe-row="House sauce"]')).toContain('500 g Mayonnaise');
    await fitsEverySize('recipes-pantry', '#stock-body [data-recipe="Extras: No onion"]');
    await tab('ingredients');
    await fitsEverySize('ingredients-pantry', '#ingredient-list [data-edit-ingredient="Potatoes"]');
  });

  it('never shows the stock screens to a waiter (and the box refuses them the stock API)', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await pairAndSignIn(page, t, r, waiterId, '4321');
    await page.waitForSelector('#tables [data-table="T1"]');
    expect(await page.isHidden('#open-stock')).toBe(true);
    expect(await page.isHidden('#stock')).toBe(true);
    const status = await page.evaluate(async () => (await fetch('/stock/ingredients', { headers: { authorization: `Bearer ${localStorage.getItem('brigade.sessionToken')}` } })).status);
    expect(status).toBe(403);
  });
});
