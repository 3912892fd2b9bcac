import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startCloudServer, type CloudServer } from '../../cloud/server.js';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { signInOwner } from '../helpers/cloud-accounts.js';
import { until } from '../helpers/wait.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';
import { batches, payment, restaurant } from '../helpers/webhooks.js';
import { artifact, launchChromium } from './chromium.js';

/** The owners' webhook pages (issue 21) in Chromium: add a URL, see its secret once, send a test, read the log, replay. */
let browser: Browser;
let cloud: TestCloud;
let server: CloudServer;
let hook: Receiver;
let owner: string;
const { push } = batches();

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud();
  server = await startCloudServer({ db: cloud.db, logger: pino({ level: 'silent' }), port: 0, webhooks: { allowPrivate: true, timeoutMs: 2000, sweepMs: 200 } });
  cloud.url = server.url;
  owner = await signInOwner(cloud);
  hook = await startReceiver(200);
}, 120_000);
afterAll(async () => { await browser?.close(); await hook?.close(); await server?.stop(); await cloud?.close(); });

async function signedInPage(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addCookies([{ name: 'brigade_session', value: owner, url: cloud.url }]);
  return context.newPage();
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the owners\' webhook pages', () => {
  it('adds a subscription, shows its secret once, sends a test, and lists deliveries with a working Replay, at 1280×800 and 390×844', async () => {
    const page = await signedInPage(1280, 800);
    // An owner finds them from the dashboard.
    await page.goto(`${cloud.url}/`);
    await page.click('#webhooks-link');
    await page.waitForURL(`${cloud.url}/webhooks`);
    expect(await page.textContent('h1')).toBe('Webhooks');
    await page.fill('input[name=url]', 'ftp://nope.example.com');
    await page.check('input[value="payment.received"]');
    await page.click('#create button[type=submit]');
    await page.waitForSelector('#error', { state: 'visible' });
    expect(await page.textContent('#error')).toContain('Only http and https');

    await page.fill('input[name=url]', hook.url);
    await page.fill('input[name=description]', 'Accounting');
    await page.click('#create button[type=submit]');
    await page.waitForSelector('#new-secret', { state: 'visible' });
    expect(await page.textContent('#new-secret code')).toMatch(/^whsec_/);
    await page.screenshot({ path: artifact('cloud-webhooks-1-created.png'), fullPage: true });

    await page.reload();
    expect(await page.textContent('.card .url')).toBe(hook.url);
    expect(await page.textContent('#new-secret code')).toBe('');
    await page.click('button[data-act=test]');
    await page.waitForFunction(() => /Answered 200/.test(document.querySelector('.card .result')?.textContent ?? ''));
    expect(hook.received.map((r) => r.headers['brigade-event'])).toEqual(['webhook.ping']);

    await push(cloud.url, cloud.a.credential, [restaurant('Bistro A'), payment('pay-page', 1980)]);
    await until('the payment is delivered', () => hook.received.length === 2);
    await page.click('text=Delivery log');
    await page.waitForSelector('tr[data-delivery]');
    const rows = await page.$$eval('tr[data-delivery]', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.some((r) => r.includes('payment.received') && r.includes('delivered') && r.includes('#1 auto 200'))).toBe(true);
    expect(rows.some((r) => r.includes('webhook.ping'))).toBe(true);
    await page.screenshot({ path: artifact('cloud-webhooks-2-log.png'), fullPage: true });
    await page.click('tr[data-delivery]:has-text("payment.received") button[data-act=replay]');
    await page.waitForFunction(() => [...document.querySelectorAll('tr[data-delivery] .result')].some((e) => /Answered 200/.test(e.textContent ?? '')));
    expect(hook.received).toHaveLength(3);
    expect(hook.received[2]!.headers['brigade-delivery']).toBe(hook.received[1]!.headers['brigade-delivery']);

    const phone = await signedInPage(390, 844);
    await phone.goto(`${cloud.url}/webhooks`);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: artifact('cloud-webhooks-3-phone.png'), fullPage: true });
    await phone.goto(page.url());
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: artifact('cloud-webhooks-4-phone-log.png'), fullPage: true });
  });
});
