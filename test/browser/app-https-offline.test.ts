import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { seedBistro, type Bistro } from '../helpers/fixtures.js';
import { launchChromium } from './chromium.js';
import { SCREEN_SIZES, TABLET, addDish, openOrderOn, openTable, rectsOf, staffMember } from './app-helpers.js';

/**
 * Issue 22: a tablet reaches the box by its LAN name over HTTPS, trusting the box's own CA, so the
 * service worker keeps the waiter app and a reload with the box down still shows it. The tablet
 * uses `<host name>.local` (mapped to the box's address, as mDNS would): a name that is no secure
 * context over plain HTTP, unlike localhost.
 */
const SHOTS = '/tmp/shots-https';
const LAN_NAME = `${os.hostname().toLowerCase().split('.')[0]}.local`;

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let stopped = false;

beforeEach(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  t = await startTestBox({ env: { HTTPS_PORT: '0' } });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  stopped = false;
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  if (stopped) fs.rmSync(t.dataDir, { recursive: true, force: true });
  else await t.close();
});

/** The box's ports, and a check that its certificate names the LAN name the tablet uses. */
async function boxTls() {
  const tls = (await t.api('GET', '/tls')).body;
  expect(tls.https.names.dns).toContain(LAN_NAME);
  return { httpPort: tls.httpPort as number, httpsPort: tls.https.port as number };
}

/** SHA-256 of the CA's public key, as Chromium's --ignore-certificate-errors-spki-list takes it: trust for that CA's chain alone. */
function caSpkiHash(): string {
  const ca = new crypto.X509Certificate(fs.readFileSync(path.join(t.dataDir, 'tls', 'ca.crt')));
  return crypto.createHash('sha256').update(ca.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

/** A tablet browser that resolves the box's LAN name; with `trustCa`, it trusts the box's CA (as after /certificate's steps). */
async function tablet(trustCa: boolean) {
  const args = [`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`];
  if (trustCa) args.push(`--ignore-certificate-errors-spki-list=${caSpkiHash()}`);
  browser = await launchChromium(args);
  context = await browser.newContext({ viewport: TABLET, hasTouch: true });
  page = await context.newPage();
}

async function pairAndSignIn(staffId: string, pin: string): Promise<void> {
  const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Tablet 1', kind: 'tablet' } });
  await page.fill('#pair-code', code.body.code);
  await page.click('#pair-submit');
  await page.click(`#roster [data-staff="${staffId}"]`);
  for (const digit of pin) await page.click(`#pinpad [data-key="${digit}"]`);
  await page.click('#pinpad [data-key="OK"]');
  await page.waitForSelector('#floor', { state: 'visible' });
}

const lineNames = (order: { lines: Array<{ name: string; state: string }> }) => order.lines.map((l) => `${l.name}:${l.state}`).sort();

describe('tablets over HTTPS on the LAN', () => {
  it('a tablet that trusts the box moves from HTTP to HTTPS, pairs, and with the box stopped reloads the app from its service worker, queues an order, and sends it once when the box is back', async () => {
    const { httpPort, httpsPort } = await boxTls();
    const waiterId = await staffMember(t, r, 'waiter', 'Wendy', '4321');
    await tablet(true);

    // Plain HTTP by a LAN name is not a secure context: no service worker there.
    await page.goto(`http://${LAN_NAME}:${httpPort}/status`);
    expect(await page.evaluate(() => [window.isSecureContext, 'serviceWorker' in navigator])).toEqual([false, false]);

    // The certificate page sees that this tablet trusts the box, and links to the secure address.
    await page.goto(`http://${LAN_NAME}:${httpPort}/certificate`);
    await expect.poll(() => page.textContent('#trust-status')).toBe('This device trusts the box.');
    expect(await page.getAttribute('#go-secure', 'href')).toBe(`https://${LAN_NAME}:${httpsPort}/app/`);

    // The address a manager gives: the app over HTTP. It finds the box trusted and moves to HTTPS.
    await page.goto(`http://${LAN_NAME}:${httpPort}/`);
    await page.waitForURL(`https://${LAN_NAME}:${httpsPort}/app/`);
    await page.waitForSelector('#pair', { state: 'visible' });
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/https-01-pair-on-secure-address.png` });
    await pairAndSignIn(waiterId, '4321');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: 15_000 })
      .toBe(`https://${LAN_NAME}:${httpsPort}/app/sw.js`);

    await openTable(page, 'T2', 2);
    await addDish(page, 'Steak frites', ['Rare', 'Fries']);
    await page.click('#hold');
    await expect.poll(async () => { const o = await openOrderOn(t, r, b.tables.t2); return o && lineNames(o); }).toEqual(['Steak frites:held']);
    // The menu and the shell are in the service worker's cache before the box goes.
    await page.click('#back');
    await page.waitForSelector('#floor', { state: 'visible' });

    // The box stops (both ports closed); the tablet reloads.
    stopped = true;
    await t.box.stop();
    await page.reload();
    await page.waitForSelector('#floor', { state: 'visible' });
    await expect.poll(() => page.textContent('#net')).toBe('Offline');
    expect(page.url()).toBe(`https://${LAN_NAME}:${httpsPort}/app/`);
    await page.screenshot({ path: `${SHOTS}/https-02-reloaded-box-down.png` });

    // An order taken while the box is down waits on the tablet.
    await page.click('#tables [data-table="T2"]');
    await page.waitForSelector('#order', { state: 'visible' });
    await page.click('#cats [data-cat="Drinks"]');
    await addDish(page, 'Soda');
    await page.click('#fire-all');
    await expect.poll(() => page.textContent('#pending')).toMatch(/^\d+ not sent$/);
    await page.screenshot({ path: `${SHOTS}/https-03-queued-box-down.png` });

    // The box is back on the same ports, with the same CA: the queue goes out by itself, once.
    t = await startTestBox({ dataDir: t.dataDir, port: httpPort, env: { HTTPS_PORT: String(httpsPort) } });
    stopped = false;
    await page.waitForSelector('#pending', { state: 'hidden', timeout: 20_000 });
    await expect.poll(() => page.textContent('#net')).toBe('Online');
    const order = (await openOrderOn(t, r, b.tables.t2))!;
    expect(lineNames(order)).toEqual(['Soda:fired', 'Steak frites:fired']);
    const orders = (await t.api('GET', '/orders?status=all', { token: r.ownerToken })).body as unknown[];
    expect(orders).toHaveLength(1);
    const tickets = (await t.api('GET', '/kitchen/tickets?status=all', { token: r.ownerToken })).body as Array<{ orderId: string; station: string; lines: unknown[] }>;
    expect(tickets.filter((tk) => tk.orderId === order.id).map((tk) => `${tk.station}:${tk.lines.length}`).sort()).toEqual(['bar:1', 'grill:1']);
  });

  it('a tablet that does not trust the box stays on HTTP, is told how to install the certificate, and the certificate page fits every screen', async () => {
    const { httpPort } = await boxTls();
    await tablet(false);
    await page.goto(`http://${LAN_NAME}:${httpPort}/app/`);
    await page.waitForSelector('#pair-secure', { state: 'visible' });
    expect(new URL(page.url()).protocol).toBe('http:');
    await page.screenshot({ path: `${SHOTS}/https-04-pair-untrusted.png` });

    await page.click('#pair-secure a');
    await page.waitForURL(`http://${LAN_NAME}:${httpPort}/certificate`);
    await expect.poll(() => page.textContent('#trust-status')).toContain('does not trust the box yet');
    const download = await page.getAttribute('#download', 'href');
    const ca = await page.evaluate((href) => fetch(href!).then(async (res) => [res.headers.get('content-type'), await res.text()]), download);
    expect(ca[0]).toBe('application/x-x509-ca-cert');
    expect(new crypto.X509Certificate(ca[1]!).fingerprint256).toBe(await page.textContent('#fingerprint'));
    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      for (const sel of ['#download', '#android summary', '#ipad summary', '#chromeos summary', '#fingerprint']) {
        const [rect] = await rectsOf(page, sel);
        expect(rect, `${sel} at ${size.name}`).toBeDefined();
        expect(rect!.x, `${sel} at ${size.name}`).toBeGreaterThanOrEqual(0);
        expect(rect!.x + rect!.width, `${sel} at ${size.name}`).toBeLessThanOrEqual(size.width + 0.5);
        expect(rect!.height, `${sel} at ${size.name}`).toBeGreaterThanOrEqual(size.name === '390x844' && sel === '#fingerprint' ? 10 : 24);
      }
      // The main action, downloading, is on the first screen.
      const [dl] = await rectsOf(page, '#download');
      expect(dl!.y + dl!.height).toBeLessThanOrEqual(size.height);
      await page.screenshot({ path: `${SHOTS}/https-05-certificate-${size.name}.png`, fullPage: true });
    }
  });
});
