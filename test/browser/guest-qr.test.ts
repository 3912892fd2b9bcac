import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { seat, tableQr } from '../helpers/guests.js';
import { artifact, launchChromium } from './chromium.js';
import { pairAndSignIn, rectsOf, staffMember } from './app-helpers.js';

/**
 * QR ordering in real Chromium (issue 19): the guest page on a phone (390×844) in English and in
 * French, served by the box; the waiter app (1280×800) accepting and refusing what guests sent.
 */
let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  await t.api('PATCH', `/menu/items/${b.items.tart}`, { token: r.ownerToken, body: { allergens: ['gluten', 'milk', 'egg'], description: 'Caramelised apples, crème fraîche' } });
  await t.api('POST', `/menu/items/${b.items.steak}/availability`, { token: r.ownerToken, body: { available: false } });
  await seat(r, b.tables.t2);
  await seat(r, b.tables.t3);
});
afterAll(async () => { await browser?.close(); await t?.close(); });

const PHONE = { width: 390, height: 844 };
const shot = async (page: Page, name: string) => { await page.screenshot({ path: artifact(`guest-qr-${name}.png`), fullPage: false }); };

async function phone(locale: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale, extraHTTPHeaders: { 'accept-language': locale } });
  return context.newPage();
}

async function fitsTheScreen(page: Page, selector: string): Promise<void> {
  for (const rect of await rectsOf(page, selector)) {
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(PHONE.width + 1);
  }
}

describe('the guest page on a phone', () => {
  it('in English: the 86\'d steak is shown unavailable, a burger with its options goes in the cart, is sent, and the guest sees it accepted and cooking', async () => {
    const { url } = await tableQr(r, b.tables.t2);
    const page = await phone('en-GB');
    await page.goto(url);
    await page.waitForSelector(`[data-item="${b.items.burger}"]`);
    expect(await page.textContent('#table')).toBe('Table T2');
    expect(await page.textContent(`[data-item="${b.items.steak}"]`)).toContain('Unavailable');
    expect(await page.locator(`[data-item="${b.items.steak}"] button`).count()).toBe(0);
    expect(await page.textContent(`[data-item="${b.items.tart}"]`)).toContain('Allergens: gluten, milk, egg');
    await fitsTheScreen(page, '.item, .help button');
    await shot(page, 'menu-en');

    await page.click(`[data-item="${b.items.burger}"] .add`);
    await page.waitForSelector('#item-dialog[open]');
    expect(await page.isDisabled('#item-add')).toBe(true); // Cooking and Side are required
    await page.click('#item-dialog label:has-text("Medium")');
    await page.click('#item-dialog label:has-text("Cheese")');
    await page.click('#item-dialog label:has-text("Fries")');
    await page.click('#item-dialog button[aria-label="+"]');
    await page.fill('#item-note', 'no onions');
    await shot(page, 'options-en');
    expect(await page.textContent('#item-add')).toContain('€32.00');
    await page.click('#item-add');
    await page.click('#cart-open');
    await page.fill('#order-notes', 'It is her birthday');
    await shot(page, 'cart-en');
    await page.click('#send');
    await page.waitForSelector('.request.state-waiting');
    expect(await page.textContent('.request')).toContain('Waiting for the waiter');
    await shot(page, 'sent-en');

    const pending = (await t.api('GET', '/guest-requests', { token: r.ownerToken })).body;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ tableLabel: 'T2', notes: 'It is her birthday', total: 3200 });
    expect(pending[0].lines[0]).toMatchObject({ quantity: 2, options: ['Medium', 'Cheese', 'Fries'], notes: 'no onions' });
    await t.api('POST', `/guest-requests/${pending[0].id}/accept`, { token: r.ownerToken, body: {} });
    // Live: no reload, the long-poll brings the new state.
    await page.waitForSelector('.request.state-in_kitchen');
    expect(await page.textContent('.request .state')).toBe('In the kitchen');
    await shot(page, 'in-kitchen-en');

    await page.click('#call-waiter');
    await page.waitForSelector('.request >> text=Call for the waiter');
    await page.context().close();
  });

  it('in French: the page speaks French, an order refused by the waiter shows the reason', async () => {
    const { url } = await tableQr(r, b.tables.t3);
    const page = await phone('fr-FR');
    await page.goto(url);
    await page.waitForSelector(`[data-item="${b.items.tart}"]`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('#call-waiter')).toBe('Appeler le serveur');
    expect(await page.textContent('#ask-bill')).toBe('Demander l’addition');
    expect(await page.textContent(`[data-item="${b.items.steak}"]`)).toContain('Indisponible');
    expect(await page.textContent(`[data-item="${b.items.tart}"]`)).toContain('Allergènes');
    await shot(page, 'menu-fr');
    await page.click(`[data-item="${b.items.tart}"] .add`);
    await page.click('#item-add');
    await page.click('#cart-open');
    expect(await page.textContent('#send')).toBe('Envoyer au serveur');
    await page.click('#send');
    await page.waitForSelector('.request.state-waiting');
    expect(await page.textContent('.request .state')).toBe('En attente du serveur');
    await shot(page, 'sent-fr');
    const pending = (await t.api('GET', '/guest-requests', { token: r.ownerToken })).body.find((q: any) => q.tableLabel === 'T3');
    expect(pending.language).toBe('fr');
    await t.api('POST', `/guest-requests/${pending.id}/refuse`, { token: r.ownerToken, body: { reason: 'Plus de tarte ce soir, désolé' } });
    await page.waitForSelector('.request.state-refused');
    expect(await page.textContent('.request')).toContain('Motif : Plus de tarte ce soir, désolé');
    await fitsTheScreen(page, '.request, .help button');
    await shot(page, 'refused-fr');
    await page.context().close();
  });
});

describe('the waiter app', () => {
  it('at 1280×800 a guest order appears live with table, lines and notes; the waiter edits it and accepts, and it is fired', async () => {
    const waiterId = await staffMember(t, r, 'waiter', 'Ana', '4321');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    const page = await context.newPage();
    await pairAndSignIn(page, t, r, waiterId, '4321');
    const { token } = await tableQr(r, b.tables.t2);
    const id = '01930000-0000-7000-8000-000000000019';
    const sent = await t.api('POST', `/public/tables/${b.tables.t2}/requests`, { headers: { 'x-table-token': token }, body: {
      id, kind: 'order', notes: 'Window side please', lines: [{ itemId: b.items.soda, quantity: 3 }, { itemId: b.items.tart, quantity: 1, notes: 'warm' }] } });
    expect(sent.status).toBe(201);
    const card = `#guest-requests [data-request="${id}"]`;
    await page.waitForSelector(card);
    const text = await page.textContent(card);
    expect(text).toContain('Table T2');
    expect(text).toContain('3× Soda');
    expect(text).toContain('“warm”');
    expect(text).toContain('Note: Window side please');
    await page.screenshot({ path: artifact('guest-qr-waiter-request-1280.png') });
    await page.click(`${card} button:has-text("Edit")`);
    await page.click(`${card} button[aria-label="One less Soda"]`);
    await page.screenshot({ path: artifact('guest-qr-waiter-edit-1280.png') });
    await page.click(`${card} button:has-text("Accept & fire")`);
    await page.waitForSelector(card, { state: 'detached' });
    const request = (await t.api('GET', `/guest-requests/${id}`, { token: r.ownerToken })).body;
    expect(request).toMatchObject({ status: 'accepted', state: 'in_kitchen' });
    const order = (await t.api('GET', `/orders/${request.orderId}`, { token: r.ownerToken })).body;
    const added = order.lines.filter((l: any) => request.lines.some((q: any) => q.lineId === l.id));
    expect(added.map((l: any) => [l.name, l.quantity, l.state])).toEqual([['Soda', 2, 'fired'], ['Tarte Tatin', 1, 'fired']]);
    await page.screenshot({ path: artifact('guest-qr-waiter-accepted-1280.png') });
    await context.close();
  });
});
