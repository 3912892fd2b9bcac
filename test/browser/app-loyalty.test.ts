import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { setUpRestaurant, startTestBox } from '../helpers/box.js';
import { seedBistro } from '../helpers/fixtures.js';
import { launchChromium } from './chromium.js';
import { addDish, openTable, pairAndSignIn, staffMember } from './app-helpers.js';
import { applyMessages } from '../../src/inbox/apply.js';
import { MESSAGE_HANDLERS } from '../../src/inbox/service.js';

/** Issue 18 on the tablet: the guest bar shows tier and points; the bill redeems a reward as a `loyalty` payment. */
let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const PROGRAMME = {
  pointsPerUnit: 1, countTax: false, countServiceCharge: false,
  tiers: [
    { name: 'BRONZE', minPoints: 0, multiplierBp: 10_000 }, { name: 'SILVER', minPoints: 150, multiplierBp: 12_500 },
    { name: 'GOLD', minPoints: 500, multiplierBp: 15_000 }, { name: 'PLATINUM', minPoints: 1000, multiplierBp: 20_000 },
  ],
  rewards: [{ id: 'two-off', name: '2 € off', points: 50, kind: 'amount', amount: 200 }],
  expiryMonths: 0, offlineRedemptionLimit: 100,
};

describe('loyalty on the waiter app', () => {
  it('shows the guest\'s tier and points above the ticket and redeems a reward on the bill', async () => {
    const t = await startTestBox();
    try {
      const r = await setUpRestaurant(t, { country: 'FR' });
      await seedBistro(r);
      // The programme arrives as the channel would bring it: a loyalty.programme message applied with the cursor.
      await applyMessages(t.box.deps, MESSAGE_HANDLERS, [{ id: 'm-1', seq: 1, kind: 'loyalty.programme', schemaVersion: 1, createdAt: Date.now(), payload: { version: 1, programme: PROGRAMME } }]);
      const guest = (await t.api('POST', '/customers', { token: r.ownerToken, body: { name: 'Camille Dupont', phone: '06 12 34 56 78' } })).body;
      expect((await t.api('POST', `/customers/${guest.id}/loyalty/adjustments`, { token: r.ownerToken, body: { points: 120, reason: 'welcome back' } })).status).toBe(201);
      const waiter = await staffMember(t, r, 'waiter', 'Ana', '4321');
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
      const page = await context.newPage();
      await pairAndSignIn(page, t, r, waiter, '4321');
      await openTable(page, 'T1', 2);
      await page.click('#cats [data-cat="Drinks"]');
      await addDish(page, 'Soda');
      await page.click('#send');
      await page.waitForSelector('#guest-open', { state: 'visible' });
      await page.click('#guest-open');
      await page.fill('#guest-q', '06 12 34');
      await page.click('#guest-hits [data-guest="Camille Dupont"]');
      await page.waitForSelector('#guest-loyalty[data-points="120"]');
      expect(await page.textContent('#guest-loyalty')).toContain('BRONZE \u00B7 120 pts');

      await page.click('#to-bill');
      await page.click('#redeem-points');
      await page.click('#rewards [data-reward="two-off"]');
      await page.waitForFunction(() => document.body.textContent?.includes('Paid loyalty'));
      const payments = (await t.api('GET', `/customers/${guest.id}/loyalty`, { token: r.ownerToken })).body;
      expect(payments.loyalty.points).toBe(70);
      expect(payments.entries.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([['redeem', -50], ['adjust', 120]]);
      await context.close();
    } finally {
      await t.close();
    }
  }, 120_000);
});
