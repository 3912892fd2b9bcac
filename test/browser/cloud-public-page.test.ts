import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { OWNER_PASSWORD, api, inviteMember, signInOwner } from '../helpers/cloud-accounts.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * The restaurant's public page in Chromium (issue 20): the owner fills the edit form from the
 * dashboard at 1280×800 and saves; the API's refusals show on the form; a manager sees it
 * read-only; a guest opens /r/{slug} on a 390×844 phone, with nothing wider than the screen.
 */
let browser: Browser;
let cloud: TestCloud;
let ownerToken: string;

// The photo host is a third party: the browser gets its pictures from this handler (an SVG per photo).
const photo = (hue: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="hsl(${hue},45%,55%)"/><circle cx="400" cy="300" r="150" fill="hsl(${hue},45%,80%)"/></svg>`;
async function withPhotos(context: BrowserContext): Promise<void> {
  await context.route('https://photos.example.com/**', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: photo(route.request().url().length * 37 % 360) }));
}

async function signedIn(viewport: { width: number; height: number }, email: string, password = OWNER_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await withPhotos(context);
  const page = await context.newPage();
  await page.goto(`${cloud.url}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#submit');
  await page.waitForURL(`${cloud.url}/`);
  return page;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  ownerToken = await signInOwner(cloud);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cloud?.close();
});

describe('the public page', () => {
  it('an owner fills the form from the dashboard\'s location row, sees a refusal next to it, and saves', async () => {
    const page = await signedIn({ width: 1280, height: 800 }, cloud.ownerEmail);
    await page.click(`.freshness li[data-location="${cloud.a.locationId}"] a.profile-link`);
    await page.waitForURL(`${cloud.url}/locations/${cloud.a.locationId}/profile`);
    await page.fill('#name', 'Chez Olive');
    await page.fill('#slug', 'chez-olive');
    for (const c of ['french', 'bistro']) await page.check(`input[name="cuisine"][value="${c}"]`);
    await page.selectOption('#priceRange', '2');
    await page.fill('#phone', '01 42 85 00 00');
    await page.fill('#photos', 'https://photos.example.com/room.jpg\nhttps://photos.example.com/plates-of-the-day.jpg\nhttps://photos.example.com/terrace.jpg');
    await page.fill('#street', '12 rue des Martyrs');
    await page.fill('#postcode', '75009');
    await page.fill('#city', 'Paris');
    await page.fill('#country', 'FR');
    await page.fill('#lat', '48.8795');
    await page.fill('#lon', '2.3399');
    await page.fill('#timeZone', 'Europe/Paris');
    for (const d of ['tue', 'wed', 'thu']) await page.fill(`input[name="hours-${d}"]`, '12:00-14:30, 19:00-23:00');
    await page.fill('input[name="hours-fri"]', '12:00-14:30, 19:00-02:00');
    await page.fill('input[name="hours-sat"]', '19:00-02:00');
    await page.fill('#closedDates', '2026-12-24\n2026-12-25');
    await page.fill('#maxParty', '10');
    await page.check('#published');

    // A number that is no phone: refused, shown, nothing stored.
    await page.fill('#phone', '01 42');
    await page.click('#save');
    await expect.poll(() => page.textContent('#error')).toContain('not a valid phone number');
    expect(await page.textContent('#note')).toBe('Not saved');
    expect((await cloud.db.query('SELECT count(*)::int AS n FROM location_profiles')).rows[0]).toEqual({ n: 0 });

    await page.fill('#phone', '01 42 85 00 00');
    await page.click('#save');
    await expect.poll(() => page.textContent('#note')).toBe('Saved (version 1)');
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.getAttribute('#public-link', 'href')).toBe('/r/chez-olive');
    const stored = (await cloud.db.query('SELECT phone, cuisines, hours, closed_dates::text[] AS closed FROM location_profiles')).rows[0] as { phone: string; hours: Record<string, unknown>; closed: string[] };
    expect(stored).toMatchObject({ phone: '+33142850000', cuisines: ['bistro', 'french'], closed: ['2026-12-24', '2026-12-25'] });
    expect(stored.hours.fri).toEqual([{ open: '12:00', close: '14:30' }, { open: '19:00', close: '02:00' }]);
    await page.screenshot({ path: artifact('cloud-profile-edit-1280.png') });
    expect(await overflow(page)).toBe(0);

    // Someone else saves meanwhile: this page's next save is refused and says so.
    const current = (await api(cloud.url, 'GET', `/api/locations/${cloud.a.locationId}/profile`, { token: ownerToken })).body;
    const other = await api(cloud.url, 'PUT', `/api/locations/${cloud.a.locationId}/profile`, { token: ownerToken,
      body: { ...current.profile, expectedVersion: current.version, name: 'Chez Olive (renamed elsewhere)' } });
    expect(other.status).toBe(200);
    await page.fill('#name', 'Chez Olive, my edit');
    await page.click('#save');
    await expect.poll(() => page.textContent('#error')).toContain('Someone saved this profile');
    expect((await cloud.db.query('SELECT name FROM location_profiles')).rows[0]).toEqual({ name: 'Chez Olive (renamed elsewhere)' });
    await page.context().close();
  });

  it('a manager sees the form read-only', async () => {
    await inviteMember(cloud.url, ownerToken, { email: 'manon@example.com', role: 'manager', locationIds: [cloud.a.locationId] });
    const page = await signedIn({ width: 1280, height: 800 }, 'manon@example.com', 'a long enough secret');
    await page.goto(`${cloud.url}/locations/${cloud.a.locationId}/profile`);
    expect(await page.isDisabled('#name')).toBe(true);
    expect(await page.$('#save')).toBeNull();
    expect(await page.textContent('.sub')).toContain('read-only');
    await page.goto(`${cloud.url}/locations/${cloud.b.locationId}/profile`);
    expect(await page.textContent('h1')).toBe('Not allowed');
    await page.context().close();
  });

  it('a guest reads it on a phone: name, cuisine, price, open now, hours, a map link, photos, a phone link, nothing wider than the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await withPhotos(context);
    const page = await context.newPage();
    const res = await page.goto(`${cloud.url}/r/chez-olive`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('#name')).toBe('Chez Olive (renamed elsewhere)');
    expect(await page.textContent('#cuisine')).toBe('Bistro · French');
    expect(await page.textContent('#price')).toContain('Moderate');
    expect(await page.textContent('#open-now')).toMatch(/^(Open|Closed) now$/);
    expect(await page.getAttribute('#phone', 'href')).toBe('tel:+33142850000');
    expect(await page.getAttribute('#map-link', 'href')).toBe('https://www.openstreetmap.org/?mlat=48.8795&mlon=2.3399#map=17/48.8795/2.3399');
    expect(await page.textContent('#hours')).toContain('19:00–02:00 (next day)');
    await expect.poll(() => page.$$eval('#photos img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([800, 800, 800]);
    expect(await overflow(page)).toBe(0);
    const tap = await page.$eval('#phone', (a) => a.getBoundingClientRect().height);
    expect(tap).toBeGreaterThanOrEqual(40);
    await page.screenshot({ path: artifact('cloud-public-page-390.png'), fullPage: true });
    expect((await page.goto(`${cloud.url}/r/no-such-place`))?.status()).toBe(404);
    await context.close();
  });
});
