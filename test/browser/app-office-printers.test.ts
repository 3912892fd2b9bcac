import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from '../helpers/box.js';
import { newId, seedBistro, type Bistro } from '../helpers/fixtures.js';
import { eventually, FAST_PRINT_ENV } from '../helpers/printing.js';
import { PrinterEmulator, jobText } from '../../printers/emulator/server.js';
import { artifact, launchChromium } from './chromium.js';
import { newTablet, pairAndSignIn, rectsOf, SCREEN_SIZES, staffMember } from './app-helpers.js';

let browser: Browser;
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let context: BrowserContext;
let page: Page;
const emulators: PrinterEmulator[] = [];

beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => { t = await startTestBox({ env: FAST_PRINT_ENV }); r = await setUpRestaurant(t); b = await seedBistro(r); ({ context, page } = await newTablet(browser)); page.setDefaultTimeout(15_000); });
afterEach(async () => { await context.close(); await t.close(); await Promise.all(emulators.splice(0).map((e) => e.close())); });

async function emulator(options: Parameters<typeof PrinterEmulator.start>[0] = {}): Promise<PrinterEmulator> {
  const e = await PrinterEmulator.start(options);
  emulators.push(e);
  return e;
}

interface PrinterRow { id: string; name: string; enabled: boolean }
const printers = async (): Promise<PrinterRow[]> => (await t.api('GET', '/printers', { token: r.ownerToken })).body;
const routes = async (): Promise<Array<{ kind: string; key: string; printerId: string; backupPrinterId: string | null }>> =>
  (await t.api('GET', '/printer-routes', { token: r.ownerToken })).body;

async function addPrinter(name: string, connection: 'Network' | 'USB', address: string): Promise<void> {
  await page.click('#add-printer');
  await page.fill('#printer-name', name);
  await page.click(`#modal [data-connection="${connection === 'USB' ? 'device' : 'tcp'}"]`);
  await page.fill('#printer-address', address);
}

async function route(key: string, printer: string, backup: string | null): Promise<void> {
  await page.click(`#route-list [data-route="${key}"]`);
  await page.click(`#modal [data-route-printer="${printer}"]`);
  await page.click(`#modal [data-route-backup="${backup ?? ''}"]`);
  await page.dblclick('#route-save');
  await page.waitForSelector('#modal', { state: 'hidden' });
}

describe('printers from the app', () => {
  it('adds a printer on an emulator (refusing a bad address and a non-printer device), prints a test page to it, routes stations with a backup, and shows a reprint', async () => {
    const kitchen = await emulator();
    const bar = await emulator({ mode: 'refuse' });
    await page.setViewportSize({ width: 1280, height: 800 });
    const managerId = await staffMember(t, r, 'manager', 'Maya', '9876');
    await pairAndSignIn(page, t, r, managerId, '9876');
    await page.click('#open-printers');
    await page.waitForSelector('#printer-list >> text=No printer yet');

    // The box's refusals, in its own words, in the dialog.
    await addPrinter('Kitchen', 'USB', '/dev/zero');
    await page.click('#printer-save');
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('/dev/zero');
    await page.click('#modal [data-connection="tcp"]');
    await page.fill('#printer-address', '192.168.1.50:99999');
    await page.click('#printer-save');
    await expect.poll(() => page.textContent('#modal .prompt')).toContain('host:port');
    await page.fill('#printer-address', kitchen.address);
    await page.screenshot({ path: artifact('app-50-printer-add-1280x800.png') });
    await page.dblclick('#printer-save');
    await page.waitForSelector('#printer-list [data-printer-row="Kitchen"]');
    expect((await printers()).map((p) => p.name)).toEqual(['Kitchen']);

    // The test page's bytes reach the printer.
    await page.click('#printer-list [data-test-page="Kitchen"]');
    const page1 = await eventually(async () => kitchen.jobs.find((j) => jobText(j).some((line) => line.includes('Kitchen'))));
    expect(page1.complete).toBe(true);
    expect(page1.bytes.length).toBeGreaterThan(100);
    await page.waitForSelector('#job-list [data-job-status="printed"] >> text=Test page');

    // A second printer that cannot be reached: its problem and its waiting job show.
    await addPrinter('Bar', 'Network', bar.address);
    await page.click('#printer-save');
    await page.waitForSelector('#printer-list [data-printer-row="Bar"]');
    await page.click('#printer-list [data-test-page="Bar"]');
    await page.waitForSelector('#printer-list [data-printer-row="Bar"] >> text=cannot be reached', { timeout: 15_000 });
    await page.waitForSelector('#job-list [data-job-status="queued"]');

    // Routes: the grill to Kitchen; the bar to Bar with Kitchen as its backup; receipts to Kitchen.
    await route('grill', 'Kitchen', null);
    await route('bar', 'Bar', 'Kitchen');
    await route('default', 'Kitchen', null);
    // With a second area, each area may have its own receipt printer; until then it uses the one above.
    const terrace = (await t.api('POST', '/areas', { token: r.ownerToken, body: { name: 'Terrace' } })).body.id as string;
    await page.waitForSelector(`#route-list [data-route-row="${terrace}"] >> text=Same printer as receipts and reports`);
    await route(terrace, 'Bar', 'Kitchen');
    const ids = Object.fromEntries((await printers()).map((p) => [p.name, p.id]));
    expect(await routes()).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'station', key: 'grill', printerId: ids.Kitchen, backupPrinterId: null }),
      expect.objectContaining({ kind: 'station', key: 'bar', printerId: ids.Bar, backupPrinterId: ids.Kitchen }),
      expect.objectContaining({ kind: 'receipt', key: 'default', printerId: ids.Kitchen }),
      expect.objectContaining({ kind: 'receipt', key: terrace, printerId: ids.Bar, backupPrinterId: ids.Kitchen }),
    ]));
    await page.waitForSelector('#route-list [data-route-row="bar"] >> text=backup Kitchen');

    // An order: the burger's ticket prints on Kitchen; the soda's goes to Bar, which cannot print, so its backup takes it.
    const waiter = await r.signInAs('waiter');
    const before = kitchen.jobs.length;
    const order = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId: b.tables.t1, lines: [{ id: newId(), itemId: b.items.soda, quantity: 1 }] } });
    expect(order.status).toBe(201);
    expect((await t.api('POST', `/orders/${order.body.id}/fire`, { token: waiter.token, body: {} })).status).toBe(200);
    await eventually(async () => kitchen.jobs.length > before, 15_000);
    await page.waitForSelector('#job-list >> text=moved from Bar', { timeout: 15_000 });
    await page.screenshot({ path: artifact('app-51-printers-1280x800.png') });

    // Reprint the test page: one tap (even a double one), one REPRINT copy on the printer.
    const count = kitchen.jobs.length;
    await page.dblclick('#job-list [data-job-status="printed"] >> nth=-1 >> [data-reprint-job]');
    await eventually(async () => kitchen.jobs.length > count);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(kitchen.jobs.length).toBe(count + 1);
    expect(jobText(kitchen.jobs[kitchen.jobs.length - 1]!)[0]).toBe('REPRINT');

    // Disable Bar: its test page button goes, and the box has it disabled.
    await page.click('#printer-list [data-toggle-printer="Bar"]');
    await page.waitForSelector('#printer-list [data-printer-row="Bar"] >> text=Disabled');
    expect((await printers()).find((p) => p.name === 'Bar')!.enabled).toBe(false);
    expect(await page.isVisible('#printer-list [data-test-page="Bar"]')).toBe(false);

    for (const size of SCREEN_SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      for (const sel of ['#add-printer', '#printer-list [data-test-page="Kitchen"]', '#printer-list [data-toggle-printer="Bar"]']) {
        const [box] = await rectsOf(page, sel);
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
        expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
      }
      await page.screenshot({ path: artifact(`app-52-printers-${size.name}.png`) });
      await page.locator('#job-list').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`app-54-print-jobs-${size.name}.png`) });
      await page.click('#route-list [data-route="grill"]');
      await page.waitForSelector('#route-save');
      const [save] = await rectsOf(page, '#route-save');
      expect(save!.y + save!.height).toBeLessThanOrEqual(size.height);
      await page.screenshot({ path: artifact(`app-53-printer-route-${size.name}.png`) });
      await page.keyboard.press('Escape');
    }
  });
});
