import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { PrinterEmulator } from '../printers/emulator/server.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let printerId: string;
let disabledId: string;
let orderId: string;
let emulator: PrinterEmulator;

beforeAll(async () => {
  emulator = await PrinterEmulator.start();
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  printerId = (await t.api('POST', '/printers', { token: r.ownerToken, body: { name: 'Grill', address: emulator.address } })).body.id;
  disabledId = (await t.api('POST', '/printers', { token: r.ownerToken, body: { name: 'Off', address: emulator.address, enabled: false } })).body.id;
  orderId = newId();
  expect((await t.api('POST', '/orders', { token: r.ownerToken, body: { id: orderId, type: 'dine_in', tableId: b.tables.t1, lines: [{ itemId: b.items.soda, quantity: 1 }] } })).status).toBe(201);
});
afterAll(async () => { await t.close(); await emulator.close(); });

const CASES: Array<[string, string, string, () => unknown, number, string]> = [
  ['a printer without an address', 'POST', '/printers', () => ({ name: 'X' }), 400, 'VALIDATION_FAILED'],
  ['a TCP address that is not host:port', 'POST', '/printers', () => ({ name: 'X', address: 'http://printer' }), 400, 'VALIDATION_FAILED'],
  ['a port out of range', 'POST', '/printers', () => ({ name: 'X', address: '10.0.0.5:70000' }), 400, 'VALIDATION_FAILED'],
  ['a device path outside /dev', 'POST', '/printers', () => ({ name: 'X', connection: 'device', address: '/etc/passwd' }), 400, 'PRINTER_DEVICE_INVALID'],
  ['a paper width we do not print', 'POST', '/printers', () => ({ name: 'X', address: '10.0.0.5', columns: 40 }), 400, 'VALIDATION_FAILED'],
  ['a code page without €', 'POST', '/printers', () => ({ name: 'X', address: '10.0.0.5', codePage: 'cp437' }), 400, 'VALIDATION_FAILED'],
  ['an unknown field', 'POST', '/printers', () => ({ name: 'X', address: '10.0.0.5', colour: 'red' }), 400, 'VALIDATION_FAILED'],
  ['a second printer with the same name', 'POST', '/printers', () => ({ name: 'Grill', address: '10.0.0.5' }), 409, 'DUPLICATE'],
  ['an empty change', 'PATCH', '/printers/{printer}', () => ({}), 400, 'VALIDATION_FAILED'],
  ['a change to an unknown printer', 'PATCH', `/printers/${newId()}`, () => ({ columns: 42 }), 404, 'NOT_FOUND'],
  ['a route of an unknown kind', 'PUT', '/printer-routes', () => ({ kind: 'bar', key: 'grill', printerId }), 400, 'VALIDATION_FAILED'],
  ['a route to an unknown printer', 'PUT', '/printer-routes', () => ({ kind: 'station', key: 'grill', printerId: newId() }), 404, 'NOT_FOUND'],
  ['a route whose backup is itself', 'PUT', '/printer-routes', () => ({ kind: 'station', key: 'grill', printerId, backupPrinterId: printerId }), 400, 'VALIDATION_FAILED'],
  ['a receipt route for an unknown area', 'PUT', '/printer-routes', () => ({ kind: 'receipt', key: 'nowhere', printerId }), 404, 'NOT_FOUND'],
  ['removing a route that does not exist', 'DELETE', '/printer-routes/station/nowhere', () => undefined, 404, 'NOT_FOUND'],
  ['a job list with a bad status', 'GET', '/print-jobs?status=lost', () => undefined, 400, 'VALIDATION_FAILED'],
  ['a reprint of an unknown job', 'POST', `/print-jobs/${newId()}/reprint`, () => undefined, 404, 'NOT_FOUND'],
  ['a test page on a disabled printer', 'POST', '/printers/{disabled}/test', () => undefined, 409, 'PRINTER_DISABLED'],
  ['a receipt when no receipt printer is routed', 'POST', '/orders/{order}/print/receipt', () => undefined, 409, 'NO_PRINTER'],
  ['a guest check on a disabled printer', 'POST', '/orders/{order}/print/guest-check', () => ({ printerId: disabledId }), 409, 'PRINTER_DISABLED'],
  ['a receipt QR that is not a URL', 'POST', '/orders/{order}/print/receipt', () => ({ qr: 'not a url' }), 400, 'VALIDATION_FAILED'],
  ['a discovery subnet that is not a /24 prefix', 'POST', '/printers/discover', () => ({ subnet: '10.0.0.0/8' }), 400, 'VALIDATION_FAILED'],
];

describe('bad input on the printing routes', () => {
  it.each(CASES)('%s gets a 4xx with a code and changes nothing', async (_name, method, path, body, status, code) => {
    const url = path.replace('{printer}', printerId).replace('{disabled}', disabledId).replace('{order}', orderId);
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const res = await t.api(method, url, { token: r.ownerToken, body: body() });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/\w/);
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });
});

describe('discovery', () => {
  it('a probe of the subnet finds an ESC/POS printer by its DLE EOT reply and says whether it is configured', async () => {
    const other = await PrinterEmulator.start();
    try {
      const res = await t.api('POST', '/printers/discover', { token: r.ownerToken, body: { subnet: '127.0.0', port: other.port, browseMs: 0 } });
      expect(res.status).toBe(200);
      expect(res.body).toContainEqual({ address: `127.0.0.1:${other.port}`, name: null, source: 'probe', service: null, escpos: true, configured: false });
      const known = await t.api('POST', '/printers/discover', { token: r.ownerToken, body: { subnet: '127.0.0', port: emulator.port, browseMs: 0 } });
      expect(known.body).toContainEqual(expect.objectContaining({ address: emulator.address, configured: true }));
      // A probe is a status question, not a print job.
      expect(other.jobs).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
