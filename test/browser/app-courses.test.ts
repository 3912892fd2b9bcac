import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, newTablet, openOrderOn, openTable, pairAndSignIn, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r);
  ({ context, page } = await newTablet(browser));
  const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
  await pairAndSignIn(page, t, r, waiterId, '4321');
});
afterEach(async () => { await context.close(); await t.close(); });

const states = async (): Promise<string[]> =>
  ((await openOrderOn(t, r, b.tables.t1))?.lines ?? []).map((l: { name: string; course: number; state: string }) => `${l.name}/${l.course}:${l.state}`).sort();

/** Starters on course 1, then mains entered on course 2 (the course picker left on 2 afterwards). */
async function starterThenMain(): Promise<void> {
  await openTable(page, 'T1', 2);
  await page.click('#cats [data-cat="Drinks"]');
  await addDish(page, 'Soda');
  await page.click('#courses [data-value="2"]');
  await page.click('#cats [data-cat="Mains"]');
  await addDish(page, 'Steak frites', ['Rare', 'Fries']);
}

describe('courses in the waiter app', () => {
  it('fires course 1 then course 2 by default, whatever course was last picked for entering dishes, and says which', async () => {
    await starterThenMain();
    await page.click('#hold');
    await expect.poll(states).toEqual(['Soda/1:held', 'Steak frites/2:held']);
    // The picker is still on course 2, but the next course not yet fired is 1.
    await expect.poll(() => page.textContent('#fire')).toBe('Fire course 1');
    await page.click('#fire');
    await expect.poll(states).toEqual(['Soda/1:fired', 'Steak frites/2:held']);
    await expect.poll(() => page.textContent('#fire')).toBe('Fire course 2');
    await page.screenshot({ path: artifact('app-22-fire-course-2-1194x834.png') });
    await page.click('#fire');
    await expect.poll(states).toEqual(['Soda/1:fired', 'Steak frites/2:fired']);
    await expect.poll(() => page.isDisabled('#fire')).toBe(true);

    // The kitchen got course 1 before course 2.
    const order = await openOrderOn(t, r, b.tables.t1);
    const tickets = (await t.api('GET', '/kitchen/tickets?status=all', { token: r.ownerToken })).body as Array<{ orderId: string; course: number | null; firedAt: number; kind: string }>;
    const mine = tickets.filter((tk) => tk.orderId === order.id).sort((x, y) => x.firedAt - y.firedAt);
    expect(mine.map((tk) => tk.course)).toEqual([1, 2]);
    // Course 2 is the next course, not an add-on: no ADD banner on the kitchen screen or the printed ticket.
    expect(mine.map((tk) => tk.kind)).toEqual(['new', 'new']);
  });

  it('Send cooks the first course and holds the later ones; a dish added to a course already cooking cooks at once', async () => {
    await starterThenMain();
    await page.click('#send');
    await expect.poll(states).toEqual(['Soda/1:fired', 'Steak frites/2:held']);
    await expect.poll(() => page.textContent('#fire')).toBe('Fire course 2');

    await page.click('#courses [data-value="1"]');
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    await page.click('#send');
    await expect.poll(states).toEqual(['Soda/1:fired', 'Soda/1:fired', 'Steak frites/2:held']);
    await expect.poll(() => page.isHidden('#pending')).toBe(true);
  });

  it('Hold sends without cooking anything', async () => {
    await starterThenMain();
    await page.click('#hold');
    await expect.poll(states).toEqual(['Soda/1:held', 'Steak frites/2:held']);
    await expect.poll(() => page.isHidden('#pending')).toBe(true);
  });
});
