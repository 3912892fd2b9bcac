import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { newId, seedBistro } from '../helpers/fixtures.js';
import { applyMessages } from '../../src/inbox/apply.js';
import { MESSAGE_HANDLERS } from '../../src/inbox/service.js';
import { ONLINE_BOOKING, ONLINE_BOOKING_CANCEL } from '../../sync/booking-messages.js';
import { afternoonTimeZone } from '../helpers/time-zones.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, staffMember } from './app-helpers.js';

/**
 * The host's door screen hears online bookings (issue 20): one applied from the channel shows
 * "booked online" in the arrivals; the guest cancelling it online makes a toast naming them and
 * takes the row away — at 390×844. The messages go through the box's real channel apply.
 */
let browser: Browser;
let t: TestBox;
let r: Restaurant;
let context: BrowserContext;
let page: Page;
const id = newId();

beforeAll(async () => {
  browser = await launchChromium();
  t = await startTestBox();
  // Where it is early afternoon now, so a booking 20 minutes ahead is today's whatever the hour.
  r = await setUpRestaurant(t, { country: 'FR', timeZone: afternoonTimeZone() });
  await seedBistro(r);
  const allDay = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [{ open: '00:00', close: '23:59' }]]));
  const res = await t.api('PUT', '/reservations/settings', { token: r.ownerToken, body: { hours: allDay, durations: [{ upTo: 100, minutes: 90 }],
    pacingCovers: null, bufferMinutes: 0, lastSeatingMinutes: 0, holdMinutes: 15, combinations: [], onlineAllotment: 8 } });
  expect(res.status).toBe(200);
  ({ context, page } = await newTablet(browser));
  await page.setViewportSize({ width: 390, height: 844 });
  const hostId = await staffMember(t, r, 'host', 'Hana Host', '5566');
  await pairAndSignIn(page, t, r, hostId, '5566');
}, 60_000);
afterAll(async () => { await context?.close(); await t?.close(); await browser?.close(); });

const message = (seq: number, kind: string, payload: unknown) => ({ id: newId(), seq, kind, schemaVersion: 1, createdAt: Date.now(), payload });

describe('online bookings at the door', () => {
  it('shows a booking made online, and a toast naming the guest who cancelled it online', async () => {
    await page.click('#open-door');
    const startsAt = Math.ceil((Date.now() + 20 * 60_000) / (15 * 60_000)) * 15 * 60_000;
    const applied = await applyMessages(t.box.deps, MESSAGE_HANDLERS, [message(1, ONLINE_BOOKING, {
      id, reference: 'BK-TEST2345', partySize: 2, startsAt, name: 'Olga Online', phone: '+33612345678', email: 'olga@example.com', notes: null })]);
    expect(applied).toMatchObject([{ outcome: 'applied' }]);
    await page.waitForSelector(`[data-reservation="${id}"]`);
    expect(await page.textContent(`[data-reservation="${id}"]`)).toContain('booked online');
    await page.screenshot({ path: artifact('app-72-door-online-booking-390.png'), fullPage: true });
    await applyMessages(t.box.deps, MESSAGE_HANDLERS, [message(2, ONLINE_BOOKING_CANCEL, { id, reason: null })]);
    await page.waitForSelector('#toast >> text=Olga Online cancelled online');
    await page.screenshot({ path: artifact('app-72-door-online-cancelled-390.png') });
    await page.waitForSelector(`[data-reservation="${id}"]`, { state: 'detached' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
