import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { api, signInOwner } from '../helpers/cloud-accounts.js';
import { publishProfile } from '../helpers/online-booking.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import { ALLOTMENT_PATH } from '../../sync/booking-messages.js';
import { addDays, localParts, localToUtc } from '../../src/reservations/zoned-time.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * Booking from the restaurant's page on a 390×844 phone, with no script (issue 20): pick the
 * party, see the times the box granted, fill the form, land on the booking's own page (pending),
 * cancel it there. The grant is posted as a box would; nothing wider than the screen.
 */
let browser: Browser;
let cloud: TestCloud;
let slug: string;
// Tomorrow from noon in Paris, so all six times fall on one day whatever the hour the test runs.
const start = localToUtc(addDays(localParts(Date.now(), 'Europe/Paris').date, 1), 12 * 60, 'Europe/Paris');
const slots = [0, 1, 2, 3, 4, 5].map((i) => {
  const at = start + i * 15 * 60_000;
  const local = localParts(at, 'Europe/Paris');
  return { date: local.date, time: local.time, startsAt: at, covers: 8, maxParty: 4 };
});
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  slug = await publishProfile(cloud, await signInOwner(cloud), cloud.a.locationId);
  const g = await api(cloud.url, 'POST', ALLOTMENT_PATH, { headers: { authorization: `Bearer ${cloud.a.credential}`, [BOX_ID_HEADER]: 'box-page-test' },
    body: { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 8, timeZone: 'Europe/Paris', slots } });
  expect(g.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cloud?.close();
});

describe('booking on the restaurant\'s page', () => {
  it('a guest picks a party and a time, books, lands on the booking\'s page and cancels it — at 390×844', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/r/${slug}?date=${slots[0]!.date}&party=3`);
    const times = await page.locator('#times span').allTextContents();
    expect(times).toEqual(slots.filter((s) => s.date === slots[0]!.date).map((s) => s.time));
    await page.locator('#booking').scrollIntoViewIfNeeded();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.locator('#times label').nth(1).click();
    await page.fill('input[name="name"]', 'Camille');
    await page.fill('input[name="email"]', 'camille@example.com');
    await page.fill('input[name="phone"]', '06 12 34 56 78');
    await page.screenshot({ path: artifact('cloud-booking-form-390.png'), fullPage: true });
    const box = await page.locator('#book').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.click('#book');
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{43}$/);
    expect(await page.textContent('#status')).toContain('Waiting for the restaurant');
    expect(await page.textContent('#summary')).toContain(`3 guests · ${slots[1]!.date} at ${slots[1]!.time} · Camille`);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('cloud-booking-manage-390.png'), fullPage: true });
    const stored = (await cloud.db.query<{ party_size: number; starts_at: string; phone: string }>('SELECT party_size, starts_at, phone FROM online_bookings WHERE email = $1', ['camille@example.com'])).rows;
    expect(stored.map((r) => ({ ...r, starts_at: Number(r.starts_at) }))).toEqual([{ party_size: 3, starts_at: slots[1]!.startsAt, phone: '+33612345678' }]);
    await page.click('#cancel');
    await page.waitForLoadState();
    expect(await page.textContent('#status')).toContain('Cancelled');
    expect(await page.locator('#cancel').count()).toBe(0);
    await context.close();
  });

  it('a form with a bad e-mail or a party the restaurant does not take answers a page that says why, and writes nothing', async () => {
    const before = (await cloud.db.query('SELECT count(*)::int AS n FROM online_bookings')).rows[0];
    const bad = await fetch(`${cloud.url}/r/${slug}/book`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ party: '2', startsAt: String(slots[0]!.startsAt), name: 'Noé', email: 'nope', key: 'form-abcdefgh' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not an e-mail address');
    const party = await fetch(`${cloud.url}/r/${slug}?party=40`);
    expect(party.status).toBe(400);
    expect(await party.text()).toContain('parties of 1 to 8');
    const twice = await fetch(`${cloud.url}/r/${slug}/book`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'party=2&party=3' });
    expect(twice.status).toBe(400);
    const json = await fetch(`${cloud.url}/r/${slug}/book`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await fetch(`${cloud.url}/b/${'z'.repeat(43)}`)).status).toBe(404);
    expect((await cloud.db.query('SELECT count(*)::int AS n FROM online_bookings')).rows[0]).toEqual(before);
  });
});
