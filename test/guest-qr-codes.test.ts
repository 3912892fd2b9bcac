import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { seedBistro, type Bistro } from './helpers/fixtures.js';
import { addPrinter, FAST_PRINT_ENV, route } from './helpers/printing.js';
import { tableQr } from './helpers/guests.js';
import fs from 'node:fs';
import path from 'node:path';
import { jobText, PrinterEmulator } from '../printers/emulator/server.js';

const ARTIFACTS = path.resolve('test-artifacts');

/** Table QR codes on paper (issue 19): the A4 sheets (SVG, PNG) and the receipt printer (ESC/POS QR). */
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let receipts: PrinterEmulator;
beforeAll(async () => {
  t = await startTestBox({ env: FAST_PRINT_ENV });
  r = await setUpRestaurant(t, { restaurantName: 'Café Brigade' });
  b = await seedBistro(r);
  receipts = await PrinterEmulator.start();
  await route(t, r.ownerToken, 'receipt', 'default', await addPrinter(t, r.ownerToken, 'Till', receipts));
});
afterAll(async () => { await receipts?.close(); await t?.close(); });

describe('QR codes on paper', () => {
  it('the receipt printer gets the table\'s code as an ESC/POS QR (GS ( k: model 2, size, error level M, store, print) with the name and label', async () => {
    const { url } = await tableQr(r, b.tables.t2);
    const res = await t.api('POST', `/tables/${b.tables.t2}/qr/print`, { token: r.ownerToken });
    expect(res.status).toBe(202);
    const [job] = await receipts.waitForJobs(1);
    expect(job!.items).toContainEqual({ kind: 'qr', value: url });
    expect(jobText(job!)).toEqual(expect.arrayContaining(['Café Brigade', 'Table T2']));
    const bytes = job!.bytes;
    const gsK = (fn: number[]) => Buffer.from([0x1d, 0x28, 0x6b, ...fn]);
    expect(bytes.includes(gsK([0x04, 0x00, 0x31, 0x41, 0x32, 0x00]))).toBe(true); // model 2
    expect(bytes.includes(gsK([0x03, 0x00, 0x31, 0x43, 0x06]))).toBe(true); // module size 6
    expect(bytes.includes(gsK([0x03, 0x00, 0x31, 0x45, 0x31]))).toBe(true); // error correction M
    const store = Buffer.concat([gsK([(url.length + 3) & 0xff, (url.length + 3) >> 8, 0x31, 0x50, 0x30]), Buffer.from(url, 'latin1')]);
    expect(bytes.includes(store)).toBe(true);
    expect(bytes.indexOf(gsK([0x03, 0x00, 0x31, 0x51, 0x30]))).toBeGreaterThan(bytes.indexOf(store)); // print what was stored
    // A waiter may not print codes (a manager's job), and nothing is queued for them.
    const waiter = await r.signInAs('waiter');
    expect((await t.api('POST', `/tables/${b.tables.t2}/qr/print`, { token: waiter.token })).status).toBe(403);
  });

  it('the SVG sheet of an area has every table with its label, the restaurant\'s name and its current code', async () => {
    const area = (await t.api('GET', '/areas', { token: r.ownerToken })).body[0].id;
    const res = await fetch(`${t.url}/tables/qr-sheet?area=${area}`, { headers: { authorization: `Bearer ${r.ownerToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg.match(/class="card"/g)).toHaveLength(4);
    for (const label of ['T1', 'T2', 'T3', 'T4']) expect(svg).toContain(`data-table="${label}"`);
    expect(svg).toContain('Café Brigade');
    expect(svg).toMatch(/^<\?xml[^]*<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="210mm" height="297mm"/);
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('the PNG sheet is an A4 page at 150 dpi; an unknown area is a 404', async () => {
    const res = await fetch(`${t.url}/tables/qr-sheet?format=png`, { headers: { authorization: `Bearer ${r.ownerToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'guest-qr-sheet.png'), png); // looked at by people
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1240, 1754]);
    const unknown = await t.api('GET', '/tables/qr-sheet?area=01930000-0000-7000-8000-000000000000', { token: r.ownerToken });
    expect(unknown.status).toBe(404);
  });
});
