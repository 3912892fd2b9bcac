import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, openOrderOn, pairAndSignIn, SCREEN_SIZES, staffMember } from './app-helpers.js';
import { addDays, localParts } from '../../src/reservations/zoned-time.js';
import { afternoonTimeZone } from '../helpers/time-zones.js';

/**
 * The host's door screen (issue 20) in Chromium: the evening's bookings, a late one marked no-show,
 * a booking seated in one tap (its table opens for the waiter with the guest count), the waitlist
 * estimate changing live as a table frees, a waiting party seated in one tap, and a new booking
 * from the availability answer — at 1280×800, 800×1280 and 390×844, with screenshots.
 */
let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;
const MIN = 60_000;
const timeZone = afternoonTimeZone();
const ids = { camille: newId(), lou: newId(), big: newId(), noe: newId() };

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestBox();
  r = await setUpRestaurant(t, { country: 'FR', timeZone });
  b = await seedBistro(r);
  const own = async (method: string, path: string, body?: unknown) => {
    const res = await t.api(method, path, { token: r.ownerToken, body });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  // Open all day, and where it is early afternoon now: the evening's bookings are all today whatever the hour.
  const allDay = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [{ open: '00:00', close: '23:59' }]]));
  await own('PUT', '/reservations/settings', { hours: allDay, durations: [{ upTo: 2, minutes: 90 }, { upTo: 4, minutes: 105 }, { upTo: 100, minutes: 150 }],
    pacingCovers: null, bufferMinutes: 15, lastSeatingMinutes: 0, holdMinutes: 15, combinations: [[b.tables.t1, b.tables.t2]], onlineAllotment: null });
  const now = Date.now();
  await own('POST', '/reservations', { id: ids.lou, name: 'Late Lou', partySize: 2, startsAt: now - 12 * MIN, tableIds: [b.tables.t3], phone: '06 12 34 56 78' });
  await own('POST', '/reservations', { id: ids.camille, name: 'Camille Martin', partySize: 4, startsAt: now + 10 * MIN, tableIds: [b.tables.t1], occasion: 'Birthday' });
  await own('POST', '/reservations', { id: ids.big, name: 'Big Party', partySize: 8, startsAt: now + 130 * MIN, tableIds: [b.tables.t1, b.tables.t2] });
  // Couples seated at T2 and T4 a moment ago, and a walk-in couple waiting.
  for (const table of [b.tables.t2, b.tables.t4]) await own('POST', '/orders', { id: newId(), type: 'dine_in', tableId: table, guestCount: 2, lines: [] });
  await own('POST', '/waitlist', { id: ids.noe, name: 'Noé Walk', partySize: 2, phone: '+33 6 11 22 33 44' });
  ({ context, page } = await newTablet(browser));
  await page.setViewportSize({ width: 1280, height: 800 });
  const hostId = await staffMember(t, r, 'host', 'Hana Host', '5566');
  await pairAndSignIn(page, t, r, hostId, '5566');
}, 60_000);
afterAll(async () => { await context?.close(); await t?.close(); await browser?.close(); });

async function shootAll(name: string): Promise<void> {
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(50);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} ${size.name}`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact(`app-70-door-${name}-${size.name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('the host at the door', () => {
  it('sees the bookings due, the late one flagged, the waitlist with its estimate, the floor and the timeline', async () => {
    await page.click('#open-door');
    await page.waitForSelector(`[data-reservation="${ids.camille}"]`);
    expect(await page.textContent(`[data-reservation="${ids.lou}"] .badge.late`)).toMatch(/^1[23] min late$/);
    expect(await page.textContent(`[data-reservation="${ids.camille}"] [data-action="seat"]`)).toBe('Seat at T1');
    const estimate = Number(await page.getAttribute(`[data-waiting="${ids.noe}"] [data-estimate]`, 'data-estimate'));
    expect(estimate).toBeGreaterThan(30);
    expect(await page.locator('#door-timeline .tl-block').count()).toBe(4); // Lou on T3, Camille on T1, the big party on T1 and T2
    expect(await page.textContent(`#door-floor [data-table="${b.tables.t1}"]`)).toContain('Next');
    await shootAll('evening');
  });

  it('marks the late booking no-show: its table frees and the waiting couple\'s estimate drops to "free now" without a reload', async () => {
    await page.click(`[data-reservation="${ids.lou}"] [data-action="no-show"]`);
    await page.waitForSelector(`[data-reservation="${ids.lou}"]`, { state: 'detached' });
    expect((await t.api('GET', `/reservations/${ids.lou}`, { token: r.ownerToken })).body.status).toBe('no_show');
    await page.waitForSelector(`[data-waiting="${ids.noe}"] [data-estimate="0"]`);
    expect(await page.textContent(`[data-waiting="${ids.noe}"] [data-action="seat"]`)).toBe('Seat at T3');
  });

  it('checks Camille in and seats her in one tap: T1 opens for the waiter with 4 guests', async () => {
    await page.click(`[data-reservation="${ids.camille}"] [data-action="arrived"]`);
    await page.waitForSelector(`[data-reservation="${ids.camille}"] .badge.here`);
    await shootAll('arrived');
    await page.click(`[data-reservation="${ids.camille}"] [data-action="seat"]`);
    await page.waitForSelector(`[data-reservation="${ids.camille}"]`, { state: 'detached' });
    const order = await openOrderOn(t, r, b.tables.t1);
    expect(order).toMatchObject({ guestCount: 4, customerName: 'Camille Martin' });
    await page.waitForSelector(`#door-floor [data-table="${b.tables.t1}"].occupied`);
  });

  it('seats the waiting couple at the table the estimate names, in one tap', async () => {
    await page.click(`[data-waiting="${ids.noe}"] [data-action="seat"]`);
    await page.waitForSelector(`[data-waiting="${ids.noe}"]`, { state: 'detached' });
    expect(await openOrderOn(t, r, b.tables.t3)).toMatchObject({ guestCount: 2, customerName: 'Noé Walk' });
  });

  it('books a new party for tomorrow from the times the box offers', async () => {
    await page.click('#door-book');
    await page.waitForSelector('#modal .slots');
    // Tomorrow, not today: today's free times depend on the minute the test runs.
    const tomorrow = addDays(localParts(Date.now(), timeZone).date, 1);
    await page.fill('#modal input[name="date"]', tomorrow);
    await page.waitForSelector('#modal .slots button >> nth=3');
    await page.fill('#modal input[name="name"]', 'Paul Phone');
    await page.fill('#modal input[name="phone"]', '06 55 44 33 22');
    await page.click('#modal .slots button >> nth=3');
    await page.screenshot({ path: artifact('app-71-door-new-booking-1280x800.png') });
    await page.click('#modal button.primary');
    await page.waitForSelector('#modal', { state: 'hidden' });
    const booked = (await t.api('GET', `/reservations?date=${tomorrow}`, { token: r.ownerToken })).body.reservations as { name: string }[];
    expect(booked.map((x) => x.name)).toEqual(['Paul Phone']);
    await shootAll('after');
  });
});
