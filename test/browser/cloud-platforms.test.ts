import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startCloudServer, type CloudServer } from '../../cloud/server.js';
import { genericCancelRequest, genericRequest } from '../../scripts/lib/fake-platform.js';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { api, inviteMember, signInOwner } from '../helpers/cloud-accounts.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * The delivery platform connections page (issue 21) in Chromium: an owner connects a platform and
 * sees the secret the cloud made once, the platform's requests show as "last request" and refused
 * ones with their reason, pause / resume / rotate / delete work; a manager reads only.
 */
let browser: Browser;
let cloud: TestCloud;
let server: CloudServer;
let owner: string;
let manager: string;

beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud();
  server = await startCloudServer({ db: cloud.db, logger: pino({ level: 'silent' }), port: 0 });
  cloud.url = server.url;
  owner = await signInOwner(cloud);
  manager = (await inviteMember(cloud.url, owner, { email: 'mia@example.com', role: 'manager', locationIds: [cloud.a.locationId] })).token;
}, 120_000);
afterAll(async () => { await browser?.close(); await server?.stop(); await cloud?.close(); });

async function pageAs(token: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addCookies([{ name: 'brigade_session', value: token, url: cloud.url }]);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  return page;
}

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const post = (locationId: string, req: { body: string; headers: Record<string, string> }) => api(cloud.url, 'POST', `/platforms/generic/${locationId}/orders`, { body: req.body, headers: req.headers });
const card = (locationId: string) => `section[data-location="${locationId}"] .card[data-connection=generic]`;

describe('the delivery platforms page', () => {
  it('an owner connects a platform (secret shown once), sees its requests and refusals, pauses, rotates and deletes it, at 1280×800 and 390×844', async () => {
    const loc = cloud.a.locationId;
    const page = await pageAs(owner, 1280, 800);
    await page.goto(`${cloud.url}/platforms`);
    expect(await page.textContent('h1')).toBe('Delivery platforms');
    const section = `section[data-location="${loc}"]`;
    await page.click(`${section} details summary`);
    // A secret too short is refused with what is wrong.
    await page.fill(`${section} input[name=secret]`, 'short');
    await page.evaluate(() => document.querySelectorAll('input[name=secret]').forEach((i) => i.removeAttribute('minlength')));
    await page.click(`${section} form.connect button[type=submit]`);
    await page.waitForSelector('#error', { state: 'visible' });
    expect(await page.textContent('#error')).toContain('16 characters');

    await page.fill(`${section} input[name=secret]`, '');
    await page.selectOption(`${section} select[name=platform]`, 'generic');
    await page.fill(`${section} input[name=storeRef]`, 'store-42');
    await page.fill(`${section} input[name=prepMinutes]`, '15');
    await page.check(`${section} input[name=autoAccept]`);
    await page.click(`${section} form.connect button[type=submit]`);
    await page.waitForSelector(`${section} .secret:not([hidden])`);
    const secret = (await page.textContent(`${section} .secret code`))!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: artifact('cloud-platforms-1-connected.png'), fullPage: true });

    // The platform's requests: one signed right (a cancellation for an order never seen), two refused.
    expect((await post(loc, genericCancelRequest(secret, 'x-1', null))).body.status).toBe('unknown_order');
    expect((await post(loc, genericCancelRequest('wrong-secret-0123456789', 'x-1', null))).status).toBe(401);
    expect((await post(loc, genericCancelRequest(secret, 'x-1', null, Math.floor(Date.now() / 1000) - 900))).status).toBe(401);

    await page.reload();
    expect(await page.textContent(`${card(loc)} .status`)).toBe('active');
    expect(await page.textContent(`${card(loc)} .meta`)).toContain('Store store-42 · auto-accept · prep 15 min');
    expect(await page.textContent(`${card(loc)} .last`)).not.toBe('never');
    expect(await page.textContent(`${card(loc)} code.url`)).toBe(`${cloud.url}/platforms/generic/${loc}/orders`);
    expect(await page.$$eval(`${card(loc)} table.refused td.bad`, (tds) => tds.map((t) => t.textContent))).toEqual(['stale (replayed or clock off)', 'bad signature']);
    expect(await page.textContent(`${section} .secret code`)).toBe('');
    await page.screenshot({ path: artifact('cloud-platforms-2-requests.png'), fullPage: true });

    await page.click(`${card(loc)} button[data-act=pause]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'paused', `${card(loc)} .status`);
    // Paused: the platform's orders are refused.
    expect((await post(loc, genericRequest(secret, { id: 'g-1', reference: 'G1', subtotal: 100, items: [{ plu: 'P', name: 'P', quantity: 1, unitPrice: 100 }] }))).status).toBe(401);
    await page.click(`${card(loc)} button[data-act=resume]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'active', `${card(loc)} .status`);

    await page.click(`${card(loc)} button[data-act=rotate]`);
    await page.waitForSelector(`${card(loc)} .secret:not([hidden])`);
    const rotated = (await page.textContent(`${card(loc)} .secret code`))!;
    expect(rotated).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated).not.toBe(secret);
    expect((await post(loc, genericCancelRequest(secret, 'x-2', null))).status).toBe(401);
    expect((await post(loc, genericCancelRequest(rotated, 'x-2', null))).status).toBe(200);
    await page.screenshot({ path: artifact('cloud-platforms-3-rotated.png'), fullPage: true });

    const phone = await pageAs(owner, 390, 844);
    await phone.goto(`${cloud.url}/platforms`);
    expect(await fitsWidth(phone)).toBe(true);
    await phone.screenshot({ path: artifact('cloud-platforms-4-phone.png'), fullPage: true });
    await phone.context().close();

    await page.click(`${card(loc)} button[data-act=delete]`);
    await page.waitForFunction((sel) => document.querySelector(sel) === null, card(loc));
    expect((await post(loc, genericCancelRequest(rotated, 'x-3', null))).status).toBe(401);
    await page.context().close();
  });

  it('a manager reads the connections and cannot change them', async () => {
    const loc = cloud.a.locationId;
    expect((await api(cloud.url, 'PUT', `/api/locations/${loc}/platforms/uber_eats`, { token: owner, body: { secret: 'uber-client-secret-0123456789', storeRef: 'ub-7' } })).status).toBe(200);
    const page = await pageAs(manager, 390, 844);
    await page.goto(`${cloud.url}/platforms`);
    expect(await page.textContent('.sub')).toContain('read only');
    expect(await page.textContent(`section[data-location="${loc}"] .card[data-connection=uber_eats] .meta`)).toContain('Store ub-7');
    expect(await page.$$('button[data-act], form.connect')).toHaveLength(0);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: artifact('cloud-platforms-5-manager.png'), fullPage: true });
    for (const [method, path, body] of [['PUT', `/api/locations/${loc}/platforms/uber_eats`, { enabled: false }], ['POST', `/api/locations/${loc}/platforms/uber_eats/rotate-secret`, {}],
      ['DELETE', `/api/locations/${loc}/platforms/uber_eats`, undefined], ['POST', `/api/locations/${loc}/platforms`, { platform: 'generic' }]] as const) {
      const res = await api(cloud.url, method, path, { token: manager, body });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // A location the manager was not given: not even read.
    expect((await api(cloud.url, 'GET', `/api/locations/${cloud.b.locationId}/platforms`, { token: manager })).status).toBe(403);
    await page.context().close();
  });
});
