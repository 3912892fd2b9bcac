import fs from 'node:fs';
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
let context: BrowserContext;
let page: Page;
let stopped = false;

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); waiter = await r.signInAs('waiter');
  stopped = false;
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
  // A box the test stopped is closed already: only its files are left to remove.
  if (stopped) fs.rmSync(t.dataDir, { recursive: true, force: true });
  else await t.close();
});

/** Pairs the page as a kitchen screen the way a cook would: types the manager's code. */
async function pairScreen(): Promise<void> {
  const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Grill screen', kind: 'kitchen' } });
  expect(code.status).toBe(201);
  await page.goto(`${t.url}/kds`);
  await page.waitForSelector('#pair', { state: 'visible' });
  await page.fill('#pair-code', code.body.code.toLowerCase());
  await page.click('#pair-submit');
  await page.waitForSelector('#pick .station-btn', { state: 'visible' });
}

async function openStation(station: string): Promise<void> {
  await page.click(`#pick .station-btn[data-station="${station}"]`);
  await page.waitForSelector('#board', { state: 'visible' });
  await expect.poll(() => page.evaluate(() => document.body.classList.contains('offline') || document.getElementById('banner')!.hidden === false)).toBe(false);
}

/** A waiter sends an order to the kitchen; returns the order id and its line ids. */
async function fireOrder(lines: Array<Record<string, unknown>>, tableId: string = b.tables.t1, api = t.api): Promise<string> {
  const id = newId();
  const created = await api('POST', '/orders', { token: waiter.token, body: { id, type: 'dine_in', tableId, guestCount: 2, lines } });
  expect(created.status).toBe(201);
  const fired = await api('POST', `/orders/${id}/fire`, { token: waiter.token, body: {} });
  expect(fired.status).toBe(200);
  return id;
}

const ticketsOf = (orderNumber: number) => page.locator(`#tickets [data-order="${orderNumber}"]`);

describe('the kitchen display at /kds', () => {
  it('pairs a kitchen screen with a manager code, lists the stations and remembers the chosen one', async () => {
    await pairScreen();
    const stations = await page.$$eval('#pick .station-btn', (els) => els.map((e) => e.getAttribute('data-station')));
    expect(stations).toEqual(['bar', 'grill', 'pastry', '']);
    const token = await page.evaluate(() => localStorage.getItem('brigade.kds.deviceToken'));
    expect(token).toMatch(/^bdv_/);
    expect((await t.api('GET', '/kitchen/stations', { token: token! })).status).toBe(200);

    await page.screenshot({ path: artifact('kds-0-stations.png') });
    await openStation('grill');
    expect(new URL(page.url()).searchParams.get('station')).toBe('grill');
    expect(await page.textContent('#view-name')).toBe('grill');
    await page.goto(`${t.url}/kds`);
    await page.waitForSelector('#board', { state: 'visible' });
    expect(await page.textContent('#view-name')).toBe('grill');
  });

  it('refuses a wrong pairing code with the reason and stays on the pairing screen', async () => {
    await page.goto(`${t.url}/kds`);
    await page.fill('#pair-code', 'ZZZZZZ');
    await page.click('#pair-submit');
    await expect.poll(() => page.isVisible('#pair-error')).toBe(true);
    expect(await page.textContent('#pair-error')).toContain('unknown, already used or expired');
    await page.screenshot({ path: artifact('kds-0-pairing.png') });
    expect(await page.evaluate(() => localStorage.getItem('brigade.kds.deviceToken'))).toBeNull();
  });

  it('goes back to the pairing screen when a manager revokes the screen', async () => {
    await pairScreen();
    await openStation('bar');
    const devices = (await t.api('GET', '/devices', { token: r.ownerToken })).body as Array<{ id: string; name: string }>;
    const screen = devices.find((d) => d.name === 'Grill screen')!;
    expect((await t.api('POST', `/devices/${screen.id}/revoke`, { token: r.ownerToken, body: { reason: 'stolen' } })).status).toBe(200);
    await fireOrder([{ id: newId(), itemId: b.items.soda, quantity: 1, seat: 1, course: 1 }]);
    await page.waitForSelector('#pair', { state: 'visible', timeout: 5000 });
    expect(await page.textContent('#pair-error')).toContain('not paired any more');
    expect(await page.evaluate(() => localStorage.getItem('brigade.kds.deviceToken'))).toBeNull();
  });

  it('shows a fired ticket on its station within a second, with table, options, seat and notes', async () => {
    await pairScreen();
    await openStation('grill');
    expect(await page.textContent('#tickets')).toContain('No open tickets');

    const started = Date.now();
    const orderId = await fireOrder([{ ...burgerLine(b, { seat: 2 }), notes: 'no onions' }, { id: newId(), itemId: b.items.soda, quantity: 2, seat: 1, course: 1 }]);
    const order = (await t.api('GET', `/orders/${orderId}`, { token: waiter.token })).body;
    await ticketsOf(order.number).waitFor({ state: 'visible', timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1500);

    const card = ticketsOf(order.number);
    const text = await card.textContent();
    expect(text).toContain(`#${order.number}`);
    expect(text).toContain('Table T1');
    expect(text).toContain('Burger');
    expect(text).toContain('Medium');
    expect(text).toContain('Seat 2');
    expect(await card.locator('.note').textContent()).toBe('no onions');
    expect(text).not.toContain('Soda'); // the bar's line is on the bar's screen
    await expect.poll(() => page.textContent('#allday-list')).toContain('Burger');
    expect(await page.textContent('.t-age')).toMatch(/^\d\d:\d\d$/);
  });

  it('bumps a line from the screen (the waiter sees it ready), bumps the ticket away and recalls it', async () => {
    await pairScreen();
    await openStation('grill');
    const burger = burgerLine(b);
    const steak = { id: newId(), itemId: b.items.steak, quantity: 1, optionIds: [b.options.rare, b.options.fries], seat: 1, course: 1 };
    const orderId = await fireOrder([burger, steak]);
    const number = (await t.api('GET', `/orders/${orderId}`, { token: waiter.token })).body.number;
    await ticketsOf(number).waitFor();

    await page.click(`[data-line="${burger.id}"] .line-btn`);
    const lineState = async (lineId: string) => (await t.api('GET', `/orders/${orderId}`, { token: waiter.token })).body.lines.find((l: { id: string }) => l.id === lineId).state;
    await expect.poll(() => lineState(burger.id)).toBe('ready');
    expect(await lineState(steak.id)).toBe('fired');
    await expect.poll(() => page.getAttribute(`[data-line="${burger.id}"]`, 'data-state')).toBe('ready');

    await ticketsOf(number).locator('.bump').click();
    await expect.poll(() => lineState(steak.id)).toBe('ready');
    await expect.poll(() => ticketsOf(number).count()).toBe(0);

    await page.click('#recall');
    await expect.poll(() => ticketsOf(number).count()).toBe(1);
    await expect.poll(() => lineState(steak.id)).toBe('fired');
  });

  it('resumes a dropped socket from the last message it saw: a ticket fired meanwhile arrives once, without reloading the list', async () => {
    let blocked = false;
    const hellos: Array<Record<string, unknown>> = [];
    const sockets: Array<{ close(): Promise<void> }> = [];
    await page.routeWebSocket(/\/ws$/, (ws) => {
      if (blocked) { void ws.close({ code: 1011, reason: 'test: network down' }); return; }
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const frame = JSON.parse(String(m));
        if (frame.type === 'hello') hellos.push(frame);
        server.send(m);
      });
      sockets.push({ close: async () => { await ws.close(); await server.close(); } });
    });
    await pairScreen();
    await openStation('grill');
    const first = await fireOrder([burgerLine(b)]);
    const firstNumber = (await t.api('GET', `/orders/${first}`, { token: waiter.token })).body.number;
    await ticketsOf(firstNumber).waitFor();

    let listLoads = 0;
    page.on('request', (req) => { if (req.url().includes('/kitchen/tickets?')) listLoads += 1; });
    blocked = true;
    await sockets.at(-1)!.close();
    await page.waitForSelector('#banner', { state: 'visible', timeout: 5000 });
    const second = await fireOrder([burgerLine(b, { seat: 4 })], b.tables.t2);
    const secondNumber = (await t.api('GET', `/orders/${second}`, { token: waiter.token })).body.number;
    blocked = false;

    await ticketsOf(secondNumber).waitFor({ timeout: 10_000 });
    await page.waitForSelector('#banner', { state: 'hidden' });
    const resumed = hellos.at(-1)!;
    expect(resumed.lastSeq).toEqual(expect.any(Number));
    expect(resumed.epoch).toEqual(expect.any(String));
    expect(listLoads).toBe(0); // caught up from the hub's buffer, not by loading the list again
    expect(await ticketsOf(firstNumber).count()).toBe(1);
    expect(await ticketsOf(secondNumber).count()).toBe(1);
  });

  it('says DISCONNECTED within 5 s when the box stops, and catches up without a reload or duplicates when it is back', async () => {
    await pairScreen();
    await openStation('grill');
    const first = await fireOrder([burgerLine(b)]);
    const firstNumber = (await t.api('GET', `/orders/${first}`, { token: waiter.token })).body.number;
    await ticketsOf(firstNumber).waitFor();
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });

    const port = t.box.port;
    const stopping = Date.now();
    stopped = true;
    await t.box.stop();
    await page.waitForSelector('#banner', { state: 'visible', timeout: 5000 });
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(await page.textContent('#banner')).toMatch(/DISCONNECTED\s*since \d\d:\d\d:\d\d/);
    expect(await page.evaluate(() => document.body.classList.contains('offline'))).toBe(true);
    await page.screenshot({ path: artifact('kds-disconnected-1280x800.png') });

    const again = await startTestBox({ dataDir: t.dataDir, port });
    t = again; stopped = false;
    const second = await fireOrder([burgerLine(b, { seat: 3 })], b.tables.t2, again.api);
    const secondNumber = (await again.api('GET', `/orders/${second}`, { token: waiter.token })).body.number;

    await ticketsOf(secondNumber).waitFor({ timeout: 10_000 });
    await page.waitForSelector('#banner', { state: 'hidden' });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42); // no reload
    expect(await ticketsOf(firstNumber).count()).toBe(1);
    expect(await ticketsOf(secondNumber).count()).toBe(1);

    // Live again: the next ticket arrives over the socket, and nothing is doubled.
    const third = await fireOrder([burgerLine(b)], b.tables.t3, again.api);
    const thirdNumber = (await again.api('GET', `/orders/${third}`, { token: waiter.token })).body.number;
    await ticketsOf(thirdNumber).waitFor({ timeout: 1000 });
    expect(await page.locator('#tickets .ticket').count()).toBe(3);
  });
});
