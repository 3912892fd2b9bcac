import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Restaurant, TestBox } from '../helpers/box.js';

/** A tablet in landscape, the size most restaurants hand their waiters. */
export const TABLET = { width: 1194, height: 834 };

/** The sizes waiters' screens are checked at: a landscape tablet, a portrait tablet, a phone. */
export const SCREEN_SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '800x1280', width: 800, height: 1280 },
  { name: '390x844', width: 390, height: 844 },
] as const;

/** A manager makes a tablet pairing code and a staff member with a PIN (not signed in anywhere). */
export async function staffMember(t: TestBox, r: Restaurant, role: string, name: string, pin: string): Promise<string> {
  const created = await t.api('POST', '/staff', { token: r.ownerToken, body: { name, role, pin } });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Opens the box root on a new tablet, types the pairing code, then signs in with the PIN pad. */
export async function pairAndSignIn(page: Page, t: TestBox, r: Restaurant, staffId: string, pin: string, shots?: (name: string) => Promise<void>): Promise<void> {
  const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Tablet 1', kind: 'tablet' } });
  expect(code.status).toBe(201);
  await page.goto(`${t.url}/`);
  expect(new URL(page.url()).pathname).toBe('/app/');
  await page.waitForSelector('#pair', { state: 'visible' });
  await shots?.('pair');
  await page.fill('#pair-code', code.body.code);
  await page.click('#pair-submit');
  await page.waitForSelector(`#roster [data-staff="${staffId}"]`);
  await page.click(`#roster [data-staff="${staffId}"]`);
  for (const digit of pin) await page.click(`#pinpad [data-key="${digit}"]`);
  await shots?.('signin');
  await page.click('#pinpad [data-key="OK"]');
  await page.waitForSelector('#floor', { state: 'visible' });
}

/** Opens a free table with a guest count. */
export async function openTable(page: Page, label: string, guests: number): Promise<void> {
  await page.click(`#tables [data-table="${label}"]`);
  await page.click(`#modal [data-guests="${guests}"]`);
  await page.waitForSelector('#order', { state: 'visible' });
}

/** Adds a dish, choosing its options by name in the modifier prompt. */
export async function addDish(page: Page, name: string, options: string[] = []): Promise<void> {
  await page.click(`#items [data-item="${name}"]`);
  if (options.length === 0) return;
  for (const o of options) await page.click(`#modal [data-option="${o}"]`);
  await page.click('#add-line');
  await page.waitForSelector('#modal', { state: 'hidden' });
}

export async function newTablet(browser: Browser) {
  const context = await browser.newContext({ viewport: TABLET, hasTouch: true });
  return { context, page: await context.newPage() };
}

/** The order open on a table now, as the box has it (null when the table has none). */
export async function openOrderOn(t: TestBox, r: Restaurant, tableId: string) {
  const table = (await t.api('GET', `/tables/${tableId}`, { token: r.ownerToken })).body;
  return table.openOrderIds[0] ? (await t.api('GET', `/orders/${table.openOrderIds[0]}`, { token: r.ownerToken })).body : null;
}

export interface Rect { x: number; y: number; width: number; height: number }

/**
 * The on-screen boxes of every element matching `selector`, read in one step inside the page. The app
 * redraws as socket events arrive, so measuring elements one by one from the test can catch one
 * detached between two reads.
 */
export async function rectsOf(page: Page, selector: string): Promise<Rect[]> {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }), selector);
}

/** True when the element is on screen and a tap at its centre lands on it (nothing covers it). */
export async function tappable(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  }, selector);
}
