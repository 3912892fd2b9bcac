import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateWeek, type GeneratedWeek } from '../../scripts/reports/generate-week.js';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { OWNER_PASSWORD, signInOwner } from '../helpers/cloud-accounts.js';
import { money } from '../../cloud/dashboard/html.js';
import { artifact, launchChromium } from './chromium.js';
import { businessDay } from '../../src/lib/business-day.js';
import { addDays } from '../../cloud/reports/period.js';

/**
 * The owners' dashboard in Chromium, on figures synced from three real boxes (two in Paris in
 * euros, one in New York in dollars) after three generated nights of service: it loads, its
 * numbers are the boxes' Z reports, filters change what it shows, and every table exports as CSV.
 */
const FROM = '2026-10-26';
const TO = '2026-10-28';

let browser: Browser;
let cloud: TestCloud;
let week: GeneratedWeek;
const ids: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  week = await generateWeek({ startDay: FROM, days: 3, ordersPerDay: 8, seed: 11 });
  for (const location of week.locations) {
    const spot = await cloud.place(location.spec.name);
    ids[location.spec.name] = spot.locationId;
    location.box.services.sync.configure(cloud.url, spot.credential);
    await location.box.services.sync.syncNow();
    const status = location.box.services.sync.status();
    if (status.queueDepth !== 0 || status.lastError) throw new Error(`${location.spec.name} did not sync: ${JSON.stringify(status)}`);
  }
  await signInOwner(cloud); // gives the owner a password
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await week?.stop();
  await cloud?.close();
});

async function signedIn(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${cloud.url}/login`);
  await page.fill('#email', cloud.ownerEmail);
  await page.fill('#password', OWNER_PASSWORD);
  await page.click('#submit');
  await page.waitForURL(`${cloud.url}/`);
  return { context, page };
}

/** Sum of one Z figure over the generated nights of a location. */
function zSum(name: string, figure: 'net' | 'orders' | 'total' | 'tips'): number {
  const location = week.locations.find((l) => l.spec.name === name)!;
  return location.zReports.reduce((sum, z) => sum + z.totals[figure], 0);
}

const paris = () => `locations=${ids['Le Marais']}&locations=${ids['Canal Saint-Martin']}`;

describe('the owners dashboard in a browser', () => {
  it('shows the two Paris locations with headline cards, per-location rows equal to their Z reports, charts and freshness', async () => {
    const { context, page } = await signedIn(1280, 800);
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    await page.goto(`${cloud.url}/?from=${FROM}&to=${TO}&${paris()}`);

    const expectedNet = zSum('Le Marais', 'net') + zSum('Canal Saint-Martin', 'net');
    expect(await page.textContent('#card-net .value')).toBe(`EUR ${money(expectedNet)}`);
    expect(await page.textContent('#card-orders .value')).toBe(String(zSum('Le Marais', 'orders') + zSum('Canal Saint-Martin', 'orders')));
    const rows = await page.$$eval('#table-sales tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
    const marais = rows.find((r) => r[0] === 'Le Marais')!;
    // Columns: location, orders, covers, gross, discounts, net, tax, service, tips, total, average.
    expect(marais[1]).toContain(String(zSum('Le Marais', 'orders')));
    expect(marais[5]).toContain(money(zSum('Le Marais', 'net')));
    expect(marais[8]).toBe(money(zSum('Le Marais', 'tips')));
    expect(marais[9]).toBe(money(zSum('Le Marais', 'total')));
    expect(rows.at(-1)![0]).toBe('All locations');
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('svg.heatmap rect').count()).toBe(7 * 24);
    // On a laptop the wide drawings show, their labels neither tiny nor huge.
    const laptopSizes = await page.$$eval('svg.chart', (svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).map((svg) => {
      const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
      return Array.from(svg.querySelectorAll('text')).map((t) => Number(t.getAttribute('font-size')) * scale);
    }).flat());
    expect(Math.min(...laptopSizes)).toBeGreaterThanOrEqual(10.9);
    expect(Math.max(...laptopSizes)).toBeLessThanOrEqual(16);
    const fresh = await page.$$eval('.freshness li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(fresh).toHaveLength(2);
    for (const f of fresh) expect(f).toMatch(/synced (\d{2}:\d{2}|\d+ \w{3},? \d{2}:\d{2})/);
    expect(await page.isChecked(`input[name=locations][value="${ids['Brooklyn']}"]`)).toBe(false);
    expect([...hosts]).toEqual([new URL(cloud.url).host]);
    await page.screenshot({ path: artifact('cloud-dashboard-1-paris-1280.png'), fullPage: true });
    await context.close();
  });

  it('filters by location and dates from the form, and says plainly when currencies cannot be added', async () => {
    const { context, page } = await signedIn(1920, 1080);
    await page.goto(`${cloud.url}/?from=${FROM}&to=${TO}`);
    // Every location: euros and dollars together have no total, so no headline cards.
    expect(await page.textContent('.note')).toContain('different currencies');
    expect(await page.locator('#card-net').count()).toBe(0);
    await page.screenshot({ path: artifact('cloud-dashboard-2-all-1920.png'), fullPage: true });

    for (const box of await page.$$('input[name=locations]')) await box.uncheck();
    await page.check(`input[name=locations][value="${ids['Brooklyn']}"]`);
    await page.fill('input[name=from]', TO);
    await page.click('#apply');
    await page.waitForLoadState('load');
    const url = new URL(page.url());
    expect(url.searchParams.getAll('locations')).toEqual([ids['Brooklyn']]);
    expect(url.searchParams.get('from')).toBe(TO);
    const lastNight = week.locations.find((l) => l.spec.name === 'Brooklyn')!.zReports.at(-1)!;
    expect(await page.textContent('#card-net .value')).toBe(`USD ${money(lastNight.totals.net)}`);
    expect(await page.textContent('#card-net .delta')).toMatch(/(\+|−|±)\d+\.\d %|new|—/);
    expect(await page.$$eval('#table-sales tbody tr', (trs) => trs.length)).toBe(1);
    await page.screenshot({ path: artifact('cloud-dashboard-3-brooklyn-1920.png'), fullPage: true });
    await context.close();
  });

  it('exports a table as CSV with the same figures, and shows a bad date as a message instead of figures', async () => {
    const { context, page } = await signedIn(1280, 800);
    await page.goto(`${cloud.url}/?from=${FROM}&to=${TO}&${paris()}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#table-sales a.csv')]);
    expect(download.suggestedFilename()).toBe(`brigade-sales-${FROM}-to-${TO}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r\n/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const marais = lines.find((l) => l.startsWith(`${ids['Le Marais']},`))!;
    expect(marais).toContain((zSum('Le Marais', 'net') / 100).toFixed(2));

    const bad = await page.goto(`${cloud.url}/?from=2026-02-30&to=${TO}`);
    expect(bad!.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('That view cannot be shown');
    expect(await page.textContent('main.message p')).toContain('YYYY-MM-DD');
    await page.screenshot({ path: artifact('cloud-dashboard-4-bad-date.png') });
    await context.close();
  });

  it('opens on today, live with each location\'s freshness, and its quick links offer today as well as the others', async () => {
    const { context, page } = await signedIn(1280, 800);
    await page.goto(`${cloud.url}/?${paris()}`);
    // The first chosen location (by id) decides the business day; both Paris locations share a zone.
    const first = week.locations.filter((l) => l.spec.timeZone === 'Europe/Paris').sort((a, b) => ids[a.spec.name]!.localeCompare(ids[b.spec.name]!))[0]!;
    const today = businessDay(Date.now(), first.spec.timeZone, first.spec.dayStartHour);
    expect(await page.inputValue('input[name=from]')).toBe(today);
    expect(await page.inputValue('input[name=to]')).toBe(today);
    expect(await page.textContent('#live')).toContain(`Today (${today}) so far`);
    expect(await page.$$eval('.freshness li', (lis) => lis.length)).toBe(2);
    const quick = await page.$$eval('.quick a', (as) => as.map((a) => [a.textContent, new URL((a as HTMLAnchorElement).href).search]));
    const yesterday = addDays(today, -1);
    expect(quick.map(([label]) => label)).toEqual(['Today', 'Yesterday', 'Last 7 days', 'Last 30 days', 'Last 365 days']);
    expect(quick[0]![1]).toContain(`from=${today}&to=${today}`);
    expect(quick[1]![1]).toContain(`from=${yesterday}&to=${yesterday}`);
    expect(quick[2]![1]).toContain(`from=${addDays(yesterday, -6)}&to=${yesterday}`);
    await page.screenshot({ path: artifact('cloud-dashboard-6-today-1280.png'), fullPage: true });
    await page.goto(`${cloud.url}/?from=${FROM}&to=${TO}&${paris()}`);
    expect(await page.locator('#live').count()).toBe(0);
    await context.close();
  });

  it('sends a visitor who is not signed in to the sign-in page, and a phone gets a readable page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/?from=${FROM}&to=${TO}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();

    const { context: phone, page: small } = await signedIn(390, 844);
    await small.goto(`${cloud.url}/?from=${FROM}&to=${TO}&${paris()}`);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Every label of every chart on screen is drawn at 11 px or more (it was 6–8 px: a 640-wide drawing shrunk to the phone).
    const sizes = await small.$$eval('svg.chart', (svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).map((svg) => {
      const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
      return Array.from(svg.querySelectorAll('text')).map((t) => Number(t.getAttribute('font-size')) * scale);
    }));
    expect(sizes.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...sizes.flat())).toBeGreaterThanOrEqual(10.9);
    await small.screenshot({ path: artifact('cloud-dashboard-5-phone.png'), fullPage: true });
    await small.goto(`${cloud.url}/?${paris()}`);
    expect(await small.textContent('#live')).toContain('so far');
    await small.screenshot({ path: artifact('cloud-dashboard-7-today-phone.png'), fullPage: true });
    await phone.close();
  });
});
