import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { addDish, openTable, pairAndSignIn, SCREEN_SIZES, staffMember, tappable } from './app-helpers.js';

/**
 * Issue 18 on the tablet: the card of the guest attached to an order, one tap from the guest bar.
 * It shows visits, spend, favourites, allergies, notes, tags and consent; a waiter corrects the
 * record (a phone another guest has is refused and that guest offered); blocking needs a manager's
 * PIN. At each screen size nothing is covered and the main actions are in reach.
 */
let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiterId: string;
let camilleId: string;
let paulId: string;

const owner = (method: string, path: string, body?: unknown) => t.api(method, path, { token: r.ownerToken, body });

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestBox();
  r = await setUpRestaurant(t, { country: 'FR' });
  b = await seedBistro(r);
  waiterId = await staffMember(t, r, 'waiter', 'Ana', '4321');
  await staffMember(t, r, 'manager', 'Mia', '4455');
  const camille = await owner('POST', '/customers', { name: 'Camille Dupont', phone: '06 12 34 56 78', email: 'camille@example.fr', allergies: 'peanuts',
    notes: 'Likes the terrace', tags: ['regular', 'vegetarian'], marketingConsent: { given: true, source: 'signed the card' } });
  expect(camille.status).toBe(201);
  camilleId = camille.body.id;
  paulId = (await owner('POST', '/customers', { name: 'Paul Twin', phone: '06 11 22 33 44' })).body.id;
  // One paid visit with two sodas, so the card has a spend and a favourite.
  const orderId = newId();
  expect((await owner('POST', '/orders', { id: orderId, type: 'takeaway', lines: [{ id: newId(), itemId: b.items.soda, quantity: 2, optionIds: [] }] })).status).toBe(201);
  await owner('PUT', `/orders/${orderId}/customer`, { customerId: camilleId });
  expect((await t.api('POST', `/orders/${orderId}/payments`, { token: r.ownerToken, body: { method: 'card' }, headers: { 'idempotency-key': `pay-${orderId}` } })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The main buttons sit inside the screen and a tap lands on them. */
async function inReach(page: Page, selectors: string[]): Promise<void> {
  for (const s of selectors) expect(await tappable(page, s), `${s} is tappable`).toBe(true);
  const overflow = await page.evaluate(() => { const box = document.querySelector('.modal-box')!; return box.scrollWidth - box.clientWidth; });
  expect(overflow).toBeLessThanOrEqual(1);
}

async function managerApproves(page: Page): Promise<void> {
  await page.waitForSelector('#mgr-pin', { state: 'visible' });
  await page.click('#modal [data-manager="Mia"]');
  await page.fill('#mgr-pin', '4455');
  await page.click('#mgr-ok');
}

describe('the guest card on the waiter app', () => {
  SCREEN_SIZES.forEach((size, index) => {
    it(`at ${size.name}: opens from the guest bar with history and preferences, corrects the record, refuses a twin's phone, blocks and unblocks with a manager's PIN`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: true });
      const page = await context.newPage();
      try {
        await pairAndSignIn(page, t, r, waiterId, '4321');
        await openTable(page, `T${index + 1}`, 2);
        await page.click('#cats [data-cat="Drinks"]');
        await addDish(page, 'Soda');
        await page.click('#send');
        await page.waitForSelector('#guest-open', { state: 'visible' });
        await page.click('#guest-open');
        await page.fill('#guest-q', 'camille');
        await page.click('#guest-hits [data-guest="Camille Dupont"]');
        await page.waitForSelector('#guest .allergy', { state: 'visible' });

        // One tap on the name opens the card.
        await page.click('#guest-open');
        await page.waitForSelector('#guest-card', { state: 'visible' });
        const record = (await owner('GET', `/customers/${camilleId}`)).body;
        expect(await page.textContent('#card-visits')).toContain(String(record.history.visits));
        expect(record.history.spend).toBeGreaterThan(0);
        const card = (await page.textContent('#guest-card')) ?? '';
        for (const text of ['Camille Dupont', '+33612345678', 'camille@example.fr', 'Allergy: peanuts', `Soda × ${record.history.favouriteItems[0].quantity}`, 'Likes the terrace', 'regular', 'vegetarian', 'Yes, since', 'signed the card']) {
          expect(card, text).toContain(text);
        }
        expect((await page.textContent('#card-spend'))?.replace(',', '.')).toContain((record.history.spend / 100).toFixed(2));
        await inReach(page, ['#guest-card-close', '#guest-edit', '#guest-block']);
        await page.screenshot({ path: artifact(`guest-card-${size.name}.png`) });

        // A phone another guest has: the box refuses and the card offers that guest; nothing is written.
        const before = (await owner('GET', `/customers/${camilleId}`)).body;
        await page.click('#guest-edit');
        await page.fill('#edit-phone', '06 11 22 33 44');
        await page.click('#edit-save');
        await page.waitForSelector('#edit-attach-twin', { state: 'visible' });
        expect(await page.textContent('#edit-prompt')).toContain('Paul Twin');
        await inReach(page, ['#edit-save', '#edit-cancel']);
        await page.screenshot({ path: artifact(`guest-card-duplicate-${size.name}.png`) });
        expect((await owner('GET', `/customers/${camilleId}`)).body).toEqual(before);

        // A correction: the phone back as it was, a note and a tag.
        await page.fill('#edit-phone', '06 12 34 56 78');
        await page.fill('#edit-notes', `Likes the terrace; table ${index + 1}`);
        await page.fill('#edit-tags', 'regular, vegetarian, birthday-club');
        await page.click('#edit-save');
        await page.waitForSelector('#guest-card', { state: 'visible' });
        expect(await page.textContent('#guest-card')).toContain(`table ${index + 1}`);
        const saved = (await owner('GET', `/customers/${camilleId}`)).body;
        expect(saved).toMatchObject({ phone: '+33612345678', notes: `Likes the terrace; table ${index + 1}`, tags: ['regular', 'vegetarian', 'birthday-club'], version: before.version + 1 });

        // Blocking is a manager's decision: the waiter's try asks for a manager's PIN.
        await page.click('#guest-block');
        await page.click('#block-save');
        expect(await page.textContent('#modal')).toContain('Say why');
        await page.fill('#block-reason', 'Left without paying');
        await page.click('#block-save');
        await managerApproves(page);
        await page.waitForSelector('#card-blocked', { state: 'visible' });
        expect(await page.textContent('#card-blocked')).toContain('Left without paying');
        expect(await page.textContent('#guest .blocked')).toContain('Left without paying');
        await page.screenshot({ path: artifact(`guest-card-blocked-${size.name}.png`) });
        const audit = (await owner('GET', `/customers/${camilleId}`)).body;
        expect(audit.blocked.reason).toBe('Left without paying');
        await page.click('#guest-block');
        await page.click('#block-save');
        await managerApproves(page);
        await page.waitForSelector('#guest-card:not(:has(#card-blocked))');
        expect((await owner('GET', `/customers/${camilleId}`)).body.blocked).toBeNull();

        // "Change guest" goes back to the search; closing leaves the bar as it was.
        await page.click('#guest-change');
        await page.waitForSelector('#guest-q', { state: 'visible' });
        await page.keyboard.press('Escape');
        await page.waitForSelector('#modal', { state: 'hidden' });
        expect(await page.textContent('#guest-open')).toBe('Camille Dupont');
      } finally {
        await context.close();
      }
    }, 90_000);
  });

  it('a twin offered on a duplicate phone is attached instead, in one tap', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const page = await context.newPage();
    try {
      await pairAndSignIn(page, t, r, waiterId, '4321');
      await openTable(page, 'T4', 2);
      await page.click('#cats [data-cat="Drinks"]');
      await addDish(page, 'Soda');
      await page.click('#send');
      await page.click('#guest-open');
      await page.fill('#guest-q', 'camille');
      await page.click('#guest-hits [data-guest="Camille Dupont"]');
      await page.waitForSelector('#guest .allergy', { state: 'visible' });
      await page.click('#guest-open');
      await page.click('#guest-edit');
      await page.fill('#edit-phone', '+33 6 11 22 33 44');
      await page.click('#edit-save');
      await page.click('#edit-attach-twin');
      await page.waitForFunction(() => document.querySelector('#guest-open')?.textContent === 'Paul Twin');
      const order = (await t.api('GET', `/tables/${b.tables.t4}`, { token: r.ownerToken })).body.openOrderIds[0];
      expect((await owner('GET', `/orders/${order}/customer`)).body.customer.id).toBe(paulId);
    } finally {
      await context.close();
    }
  }, 90_000);
});
