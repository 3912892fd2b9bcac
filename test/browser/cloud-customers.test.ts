import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { OWNER_PASSWORD, inviteMember, signInOwner } from '../helpers/cloud-accounts.js';
import { seedAtLocation } from '../helpers/customer-seed.js';
import { artifact, launchChromium } from './chromium.js';
import { tappable } from './app-helpers.js';

/**
 * The owners' customers pages in Chromium against a real cloud fed by the real ingest: reached
 * from the dashboard header, search, page, open a customer (locations, visits, spend, merged ids,
 * consent, blocked), export JSON, erase after a confirmation that names the person; a manager
 * cannot erase. At a desktop and a phone size nothing overflows and the buttons are in reach.
 */
let browser: Browser;
let cloud: TestCloud;
let ownerToken: string;
const MANAGER = { email: 'manager-a@example.com', password: 'a long enough secret' };

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  ownerToken = await signInOwner(cloud);
  await inviteMember(cloud.url, ownerToken, { email: MANAGER.email, role: 'manager', locationIds: [cloud.a.locationId] });
  const guests = Array.from({ length: 26 }, (_, i) => ({ name: `Guest ${String(i).padStart(2, '0')}` }));
  await seedAtLocation(cloud.url, cloud.a.credential,
    [{ name: 'Camille Dupont', phone: '+33612345678', email: 'camille@example.fr', consent: true }, { name: 'Eve Erase-1280' }, { name: 'Eve Erase-390', email: 'eve@example.com' }, ...guests],
    (ids) => [{ customerId: ids[0]!, paid: 2400, tips: 300 }, { customerId: ids[0]!, paid: 1000 }, { customerId: ids[1]!, paid: 1500 }, { customerId: ids[2]!, paid: 1500 }]);
  await seedAtLocation(cloud.url, cloud.b.credential, [{ name: 'Camille Dupont', phone: '+33612345678', consent: true, blockedReason: 'Left without paying', createdAt: Date.now() + 1000 }],
    (ids) => [{ customerId: ids[0]!, paid: 5000 }]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.close();
});

async function signIn(viewport: { width: number; height: number }, who = { email: cloud.ownerEmail, password: OWNER_PASSWORD }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${cloud.url}/login`);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.click('#submit');
  await page.waitForURL(`${cloud.url}/`);
  return page;
}

async function noOverflow(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

const record = async (name: string) => (await cloud.db.query<{ id: string; name: string; erased_at: Date | null }>(
  "SELECT id, name, erased_at FROM org_customers WHERE organisation_id = $1 AND name = $2", [cloud.orgId, name])).rows[0];

describe('the owners\' customers page', () => {
  for (const size of [{ name: '1280x800', width: 1280, height: 800 }, { name: '390x844', width: 390, height: 844 }]) {
    it(`at ${size.name}: from the dashboard, search, open, export and erase with a confirmation that names the person`, async () => {
      const page = await signIn(size);
      try {
        expect(await tappable(page, '#customers-link')).toBe(true);
        await noOverflow(page);
        await page.click('#customers-link');
        await page.waitForURL(`${cloud.url}/customers`);
        expect(await page.locator('#hits li').count()).toBe(25);
        await page.click('#next');
        await page.waitForSelector('#first');
        const live = (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM org_customers WHERE organisation_id = $1 AND merged_into IS NULL AND erased_at IS NULL', [cloud.orgId])).rows[0]!.n;
        expect(await page.locator('#hits li').count()).toBe(live - 25);

        await page.fill('#q', '06 12 34');
        await page.click('#search');
        await page.waitForURL(/q=06/);
        expect(await page.locator('#hits li').count()).toBe(1);
        await page.click('#hits [data-customer="Camille Dupont"]');
        await page.waitForSelector('#locations');
        expect(await page.textContent('#blocked')).toContain('Left without paying');
        expect(await page.textContent('#consent')).toContain('Given');
        expect(await page.locator('#merged code').count()).toBe(1);
        // Spend is paid net of refunds, tips left out; no restaurant synced its currency here, so a plain amount.
        expect((await page.locator('[data-location="A"] td').allTextContents()).slice(0, 3)).toEqual(['A', '2', '34.00']);
        expect((await page.locator('[data-location="B"] td').allTextContents()).slice(0, 3)).toEqual(['B', '1', '50.00']);
        await noOverflow(page);
        expect(await tappable(page, '#export')).toBe(true);
        await page.screenshot({ path: artifact(`cloud-customer-${size.name}.png`), fullPage: true });

        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
        const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
        expect(exported.customer.name).toBe('Camille Dupont');
        expect(exported.orders).toHaveLength(3);

        // Erase: the dialog names the person; Cancel changes nothing; Erase anonymises and tells every location.
        const eve = `Eve Erase-${size.width}`;
        await page.goto(`${cloud.url}/customers?q=${encodeURIComponent(eve)}`);
        await page.click(`#hits [data-customer="${eve}"]`);
        await page.click('#erase');
        await page.waitForSelector('#erase-dialog[open]');
        expect(await page.textContent('#erase-title')).toBe(`Erase ${eve}?`);
        expect(await page.textContent('#erase-confirm')).toBe(`Erase ${eve}`);
        expect(await tappable(page, '#erase-confirm')).toBe(true);
        await page.screenshot({ path: artifact(`cloud-customer-erase-${size.name}.png`) });
        await page.click('#erase-cancel');
        expect((await record(eve))?.erased_at).toBeNull();
        const id = (await record(eve))!.id;
        await page.click('#erase');
        await page.click('#erase-confirm');
        await page.waitForSelector('#erased');
        expect(await page.textContent('#name')).toBe('Erased customer');
        expect(await page.locator('#erase').count()).toBe(0);
        const erased = (await cloud.db.query('SELECT name, erased_at FROM org_customers WHERE id = $1', [id])).rows[0]!;
        expect(erased.name).toBe('Erased customer');
        expect(erased.erased_at).not.toBeNull();
        const messages = (await cloud.db.query("SELECT location_id FROM channel_messages WHERE kind = 'customer.erased' AND payload->>'customerId' = $1", [id])).rows;
        expect(messages).toHaveLength(2);
        await page.goto(`${cloud.url}/customers?q=${encodeURIComponent(eve)}`);
        expect(await page.locator('#hits li').count()).toBe(0);
      } finally {
        await page.context().close();
      }
    }, 90_000);
  }

  it('a manager sees the card of a customer their location knows but can neither export nor erase', async () => {
    const page = await signIn({ width: 390, height: 844 }, MANAGER);
    try {
      await page.goto(`${cloud.url}/customers?q=camille`);
      await page.click('#hits [data-customer="Camille Dupont"]');
      await page.waitForSelector('#owners-only');
      expect(await page.locator('#erase, #export').count()).toBe(0);
      expect(await page.locator('#locations tbody tr').count()).toBe(1); // only A's figures
      const id = (await record('Camille Dupont'))!.id;
      const tried = await page.evaluate(async (customerId) => {
        const res = await fetch(`/api/customers/${customerId}/erase`, { method: 'POST', credentials: 'same-origin' });
        return { status: res.status, body: await res.json() };
      }, id);
      expect(tried.status).toBe(403);
      expect(tried.body.error.code).toBe('FORBIDDEN');
      expect((await record('Camille Dupont'))?.erased_at).toBeNull();
      await page.screenshot({ path: artifact('cloud-customer-manager-390x844.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('a bad search or an unknown customer is a page that says so, not an error', async () => {
    const page = await signIn({ width: 1280, height: 800 });
    try {
      const long = await page.goto(`${cloud.url}/customers?q=${'x'.repeat(81)}`);
      expect(long?.status()).toBe(400);
      expect(await page.textContent('body')).toContain('at most 80 characters');
      const bad = await page.goto(`${cloud.url}/customers?cursor=garbage`);
      expect(bad?.status()).toBe(400);
      expect((await page.goto(`${cloud.url}/customers/00000000-0000-7000-8000-000000000000`))?.status()).toBe(404);
      expect(await page.textContent('h1')).toBe('Customer not found');
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
