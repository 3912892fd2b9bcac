import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, newTablet, openTable, pairAndSignIn, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;
let stopped = false;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); stopped = false;
  ({ context, page } = await newTablet(browser));
  const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
  await pairAndSignIn(page, t, r, waiterId, '4321');
});
afterEach(async () => {
  await context.close();
  if (stopped) fs.rmSync(t.dataDir, { recursive: true, force: true });
  else await t.close();
});

async function tableOrder(api: TestBox['api'], tableId: string) {
  const table = (await api('GET', `/tables/${tableId}`, { token: r.ownerToken })).body;
  expect(table.openOrderIds.length).toBeLessThanOrEqual(1);
  return table.openOrderIds[0] ? (await api('GET', `/orders/${table.openOrderIds[0]}`, { token: r.ownerToken })).body : null;
}
async function ticketsOf(api: TestBox['api'], orderNumber: number) {
  const all = (await api('GET', '/kitchen/tickets?status=all', { token: r.ownerToken })).body as Array<{ orderNumber?: number; number?: number; orderId: string; station: string; kind: string; lines: Array<{ lineId: string }> }>;
  return all.filter((tk) => (tk.orderNumber ?? tk.number) === orderNumber);
}
const lineNames = (order: { lines: Array<{ name: string; state: string }> }) => order.lines.map((l) => `${l.name}:${l.state}`).sort();

describe('the waiter app when the box is unreachable', () => {
  it('keeps an order entered while the box is down (even across a reload), shows it as not sent, and sends it once when the box is back', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await openTable(page, 'T2', 3);
    await addDish(page, 'Steak frites', ['Rare', 'Fries']);
    await page.click('#hold');
    await expect.poll(async () => (await tableOrder(t.api, b.tables.t2)) && lineNames((await tableOrder(t.api, b.tables.t2))!)).toEqual(['Steak frites:held']);
    await page.waitForSelector('#lines [data-state="held"]');

    // The box goes down in the middle of the order.
    const port = t.box.port;
    stopped = true;
    await t.box.stop();
    await addDish(page, 'Burger', ['Medium', 'Bacon', 'Salad']);
    await page.click('#cats [data-cat="Drinks"]');
    await page.click('#seats [data-value="3"]');
    await addDish(page, 'Soda');
    await page.click('#fire-all');
    await expect.poll(() => page.textContent('#pending')).toBe('2 not sent');
    expect(await page.textContent('#net')).toBe('Offline');
    expect(await page.locator('#lines [data-state="unsent"]').count()).toBe(2);
    await page.screenshot({ path: artifact('app-10-offline-not-sent-1194x834.png') });

    // A reload with the box still down: the service worker serves the app, IndexedDB keeps the queue.
    await page.reload();
    await page.waitForSelector('#floor', { state: 'visible' });
    await expect.poll(() => page.textContent('#pending')).toBe('2 not sent');
    await page.click('#tables [data-table="T2"]');
    await page.waitForSelector('#order', { state: 'visible' });
    await expect.poll(() => page.locator('#lines [data-state="unsent"]').count()).toBe(2);
    await expect.poll(() => page.locator('#lines [data-state="held"]').count()).toBe(1);
    await page.click('#pending');
    expect(await page.textContent('#modal')).toContain('Fire all for table T2');
    await page.screenshot({ path: artifact('app-11-offline-after-reload-1194x834.png') });
    await page.click('#modal .primary');

    // The box is back: the queue goes out by itself, in order, once.
    const again = await startTestBox({ dataDir: t.dataDir, port });
    t = again; stopped = false;
    await page.waitForSelector('#pending', { state: 'hidden', timeout: 15_000 });
    await expect.poll(() => page.textContent('#net')).toBe('Online');
    const order = (await tableOrder(again.api, b.tables.t2))!;
    expect(lineNames(order)).toEqual(['Burger:fired', 'Soda:fired', 'Steak frites:fired']);
    expect(order.lines.find((l: { name: string }) => l.name === 'Soda').seat).toBe(3);
    expect(order.guestCount).toBe(3);
    const tickets = await ticketsOf(again.api, order.number);
    expect(tickets.map((tk) => `${tk.station}:${tk.lines.length}`).sort()).toEqual(['bar:1', 'grill:2']);
    await page.waitForSelector('#lines [data-state="fired"]');
    await page.screenshot({ path: artifact('app-12-back-online-1194x834.png') });
  });

  it('resends a create and a fire whose answers were lost: the box keeps one order and the kitchen gets one ticket', async () => {
    const seen: Record<string, string[]> = {};
    const loseFirstAnswer = (name: string) => async (route: Route) => {
      const list = (seen[name] ??= []);
      list.push(route.request().postData() ?? '');
      if (list.length === 1) {
        await route.fetch(); // the box does the work…
        await route.abort('connectionreset'); // …and the answer never reaches the tablet
        return;
      }
      await route.continue();
    };
    await page.route(/\/orders$/, loseFirstAnswer('create'));
    await page.route(/\/orders\/[^/]+\/fire$/, loseFirstAnswer('fire'));

    await openTable(page, 'T3', 2);
    await addDish(page, 'Burger', ['Well done', 'Cheese', 'Fries']);
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    await page.click('#fire');
    await page.waitForSelector('#pending', { state: 'hidden', timeout: 15_000 });
    await page.waitForSelector('#lines [data-state="fired"]');

    expect(seen.create!.length).toBe(2);
    expect(seen.create![1]).toBe(seen.create![0]); // the same ids: the box answers with the original order
    expect(seen.fire!.length).toBe(2);
    const order = (await tableOrder(t.api, b.tables.t3))!;
    expect(lineNames(order)).toEqual(['Burger:fired', 'Soda:fired']);
    const orders = (await t.api('GET', '/orders?status=all', { token: r.ownerToken })).body as unknown[];
    expect(orders.length).toBe(1);
    const tickets = await ticketsOf(t.api, order.number);
    expect(tickets.map((tk) => `${tk.station}:${tk.lines.length}`).sort()).toEqual(['bar:1', 'grill:1']);
  });
});
