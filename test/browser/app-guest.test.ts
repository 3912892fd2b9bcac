import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { setUpRestaurant, startTestBox } from '../helpers/box.js';
import { seedBistro } from '../helpers/fixtures.js';
import { launchChromium } from './chromium.js';
import { addDish, openTable, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember } from './app-helpers.js';

/** Issue 18 on the tablet: find a guest, or add one in the same flow, attach; allergies and "blocked: reason" in sight. */
let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const SHOTS = '/tmp/shots-customers';

describe('the guest of an order on the waiter app', () => {
  for (const size of SCREEN_SIZES) {
    it(`at ${size.name}: a new guest is added and attached in one flow, an existing blocked guest is found by phone and shows why`, async () => {
      const t = await startTestBox();
      try {
        const r = await setUpRestaurant(t, { country: 'FR' });
        await seedBistro(r);
        const blocked = await t.api('POST', '/customers', { token: r.ownerToken, body: { name: 'Max Nopay', phone: '06 55 44 33 22', blockedReason: 'Left without paying' } });
        expect(blocked.status).toBe(201);
        const waiter = await staffMember(t, r, 'waiter', 'Ana', '4321');
        const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: true });
        const page = await context.newPage();
        fs.mkdirSync(SHOTS, { recursive: true });
        await pairAndSignIn(page, t, r, waiter, '4321');
        await openTable(page, 'T1', 2);
        await page.click('#cats [data-cat="Drinks"]');
        await addDish(page, 'Soda');
        await page.click('#send');
        await page.waitForSelector('#guest-open', { state: 'visible' });
        await page.click('#guest-open');
        await page.fill('#guest-q', '06 12 34 56 78');
        await page.click('#guest-new');
        await page.fill('#guest-name', 'Camille Dupont');
        await page.fill('#guest-allergies', 'peanuts');
        // A double tap makes one guest. Both taps land on the button before the app answers; a second
        // `page.click` after the first would wait its whole 30 s timeout for the closed dialog's button.
        await page.dblclick('#guest-save');
        await page.waitForSelector('#guest .allergy', { state: 'visible' });
        expect(await page.textContent('#guest')).toContain('Allergy: peanuts');
        await page.screenshot({ path: `${SHOTS}/guest-attached-${size.name}.png` });
        const found = (await t.api('GET', '/customers?q=dupont', { token: r.ownerToken })).body.customers;
        expect(found).toHaveLength(1);
        for (const rect of await rectsOf(page, '#guest-open, #guest .allergy')) {
          expect(rect.x).toBeGreaterThanOrEqual(0);
          expect(rect.x + rect.width).toBeLessThanOrEqual(size.width + 1);
          expect(rect.y + rect.height).toBeLessThanOrEqual(size.height + 1);
        }

        await page.click('#guest-open');
        await page.click('#guest-change'); // the attached guest's card; change the guest from there
        await page.fill('#guest-q', '06 55 44');
        await page.waitForSelector('#guest-hits [data-guest="Max Nopay"]');
        expect(await page.textContent('#guest-hits')).toContain('Blocked: Left without paying');
        await page.screenshot({ path: `${SHOTS}/guest-search-${size.name}.png` });
        await page.click('#guest-hits [data-guest="Max Nopay"]');
        await page.waitForSelector('#guest .blocked', { state: 'visible' });
        expect(await page.textContent('#guest')).toContain('Blocked: Left without paying');
        await context.close();
      } finally {
        await t.close();
      }
    }, 90_000);
  }
});
