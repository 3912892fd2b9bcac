import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
let manager: { token: string; staffId: string };
let context: BrowserContext;
let page: Page;
/** The box's clock runs `behind` ms late, so tickets can be fired "minutes ago". */
let behind = 0;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  behind = 0;
  t = await startTestBox({ clock: { now: () => Date.now() - behind } });
  r = await setUpRestaurant(t); b = await seedBistro(r);
  waiter = await r.signInAs('waiter'); manager = await r.signInAs('manager');
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});
afterEach(async () => { await context.close(); await t.close(); });

/** Pairs the page through the API (pairing itself is covered in kds.test.ts) and opens `view`. */
async function openScreen(view: string): Promise<void> {
  const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Pass', kind: 'kitchen' } });
  const paired = await t.api('POST', '/devices/pair', { body: { code: code.body.code } });
  await page.goto(`${t.url}/kds`);
  await page.evaluate((token) => localStorage.setItem('brigade.kds.deviceToken', token), paired.body.token);
  await page.goto(`${t.url}/kds?${view}`);
  await page.waitForSelector('#board', { state: 'visible' });
  await expect.poll(() => page.evaluate(() => document.querySelector('#allday-list li') !== null)).toBe(true);
}

interface Fired { id: string; number: number; lines: Array<Record<string, unknown> & { id: string }> }

async function fireOrder(lines: Array<Record<string, unknown> & { id: string }>, tableId?: string, minutesAgo = 0): Promise<Fired> {
  behind = minutesAgo * 60_000;
  const id = newId();
  const body = tableId ? { id, type: 'dine_in', tableId, guestCount: 2, lines } : { id, type: 'takeaway', lines };
  const created = await t.api('POST', '/orders', { token: waiter.token, body });
  expect(created.status).toBe(201);
  expect((await t.api('POST', `/orders/${id}/fire`, { token: waiter.token, body: {} })).status).toBe(200);
  behind = 0;
  return { id, number: created.body.number, lines };
}

const soda = (seat = 1) => ({ id: newId(), itemId: b.items.soda, quantity: 2, seat, course: 1 });
const tart = () => ({ id: newId(), itemId: b.items.tart, quantity: 1, seat: 1, course: 2 });
const steak = (notes?: string) => ({ id: newId(), itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.salad], seat: 2, course: 1, ...(notes ? { notes } : {}) });

async function ticketsFor(orderId: string): Promise<Array<{ id: string; station: string; kind: string }>> {
  const all = (await t.api('GET', '/kitchen/tickets?status=all', { token: waiter.token })).body as Array<{ id: string; orderId: string; station: string; kind: string }>;
  return all.filter((x) => x.orderId === orderId);
}

/** A busy service: ages across the thresholds, an ADD, a VOID, notes, a mixed-course ticket. */
async function busyService(): Promise<{ first: Fired }> {
  const first = await fireOrder([burgerLine(b, { seat: 1 }), { ...steak('no pepper, sauce on the side'), seat: 2 }, soda(1), tart()], b.tables.t1, 12);
  await fireOrder([burgerLine(b, { seat: 1, quantity: 2 }), soda(2)], b.tables.t2, 7);
  const third = await fireOrder([steak(), burgerLine(b, { seat: 3 })], b.tables.t3, 3);
  await fireOrder([burgerLine(b, { seat: 1, course: 2 }), steak('allergy: nuts')], b.tables.t4, 1);
  await fireOrder([burgerLine(b, { seat: 1 })], undefined, 0);
  // An ADD for table 3, then a void of one of its first lines (a VOID ticket).
  const extra = steak();
  await t.api('POST', `/orders/${third.id}/lines`, { token: waiter.token, body: { lines: [extra] } });
  await t.api('POST', `/orders/${third.id}/fire`, { token: waiter.token, body: {} });
  const voided = await t.api('POST', `/orders/${third.id}/lines/${third.lines[1]!.id}/void`, { token: manager.token, body: { reason: 'guest left' } });
  expect(voided.status).toBe(200);
  return { first };
}

describe('the kitchen display views', () => {
  it('shows ADD and VOID tickets, and clears a VOID once the cook has seen it', async () => {
    await openScreen('station=grill');
    const order = await fireOrder([steak(), burgerLine(b)], b.tables.t2);
    const extra = steak('well rested');
    await t.api('POST', `/orders/${order.id}/lines`, { token: waiter.token, body: { lines: [extra] } });
    await t.api('POST', `/orders/${order.id}/fire`, { token: waiter.token, body: {} });
    await t.api('POST', `/orders/${order.id}/lines/${order.lines[0]!.id}/void`, { token: manager.token, body: { reason: 'wrong table' } });

    const cards = page.locator(`#tickets [data-order="${order.number}"]`);
    await expect.poll(() => cards.count()).toBe(3);
    expect(await page.locator('#tickets .kind-add .badge.add').textContent()).toBe('ADD');
    const voidCard = page.locator('#tickets .kind-void');
    expect(await voidCard.locator('.badge.void').textContent()).toBe('VOID');
    expect(await voidCard.locator('.line .name').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    // The voided steak is struck through on the first ticket too.
    await expect.poll(() => page.getAttribute(`.kind-new [data-line="${order.lines[0]!.id}"]`, 'data-state')).toBe('voided');

    await voidCard.locator('.bump').click();
    await expect.poll(() => cards.count()).toBe(2);
  });

  it('colours a ticket by its age at the thresholds given in the address', async () => {
    await openScreen('station=bar&warn=2&late=4');
    const fresh = await fireOrder([soda()], b.tables.t1, 0);
    const amber = await fireOrder([soda()], b.tables.t2, 3);
    const red = await fireOrder([soda()], b.tables.t3, 5);
    const card = (o: Fired) => page.locator(`#tickets [data-order="${o.number}"]`);
    await expect.poll(() => card(red).getAttribute('class')).toContain('late');
    expect(await card(amber).getAttribute('class')).toContain('warn');
    expect(await card(fresh).getAttribute('class')).not.toMatch(/warn|late/);
    expect(await card(red).locator('.t-age').textContent()).toMatch(/^05:0\d$/);
    const colour = (o: Fired) => card(o).locator('.t-head').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(new Set([await colour(fresh), await colour(amber), await colour(red)]).size).toBe(3);
  });

  it('shows expo every open order with which stations are done, live', async () => {
    await openScreen('view=expo');
    const order = await fireOrder([burgerLine(b), soda(), tart()], b.tables.t1);
    const card = page.locator(`#tickets [data-order="${order.number}"]`);
    await card.waitFor({ timeout: 1000 });
    const states = () => card.locator('.st').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-station')}:${e.getAttribute('data-state')}`));
    expect(await states()).toEqual(['bar:pending', 'grill:pending', 'pastry:pending']);

    const bar = (await ticketsFor(order.id)).find((x) => x.station === 'bar')!;
    expect((await t.api('POST', `/kitchen/tickets/${bar.id}/bump`, { token: waiter.token })).status).toBe(200);
    await expect.poll(states, { timeout: 1000 }).toEqual(['bar:done', 'grill:pending', 'pastry:pending']);
    expect(await card.textContent()).toContain('1 of 3 stations done');

    for (const x of (await ticketsFor(order.id)).filter((y) => y.station !== 'bar')) {
      await t.api('POST', `/kitchen/tickets/${x.id}/bump`, { token: waiter.token });
    }
    await expect.poll(() => card.count()).toBe(0);
    await page.click('#recall');
    await expect.poll(() => card.count()).toBe(1);
  });

  it('fits a kitchen TV and a small screen: large type, big touch targets, no sideways scroll (screenshots)', async () => {
    await busyService();
    for (const [width, height] of [[1920, 1080], [1280, 800]] as const) {
      await page.setViewportSize({ width, height });
      for (const view of ['station=grill', 'view=expo']) {
        await openScreen(view);
        await expect.poll(() => page.locator('#tickets .ticket').count()).toBeGreaterThan(3);
        const name = view.startsWith('view') ? 'expo' : 'station';
        await page.screenshot({ path: artifact(`kds-${name}-${width}x${height}.png`) });
        const check = await page.evaluate(() => {
          const sizes = [...document.querySelectorAll<HTMLElement>('#board *')].filter((el) => el.offsetParent !== null && el.childNodes.length > 0
            && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''));
          const smallestText = Math.min(...sizes.map((el) => parseFloat(getComputedStyle(el).fontSize)));
          const buttons = [...document.querySelectorAll<HTMLElement>('#board button')].filter((el) => el.offsetParent !== null);
          const smallestButton = Math.min(...buttons.map((el) => el.getBoundingClientRect().height));
          const orderNumber = parseFloat(getComputedStyle(document.querySelector('.t-num')!).fontSize);
          return { smallestText, smallestButton, orderNumber, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
        });
        expect(check.smallestText).toBeGreaterThanOrEqual(20);
        expect(check.smallestButton).toBeGreaterThanOrEqual(48);
        expect(check.orderNumber).toBeGreaterThanOrEqual(40);
        expect(check.overflow).toBe(0);
      }
    }
  });
});
