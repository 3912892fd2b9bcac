import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { hello, pairDevice } from './helpers/ws-client.js';
import { addPrinter, FAST_PRINT_ENV } from './helpers/printing.js';
import { PrinterEmulator } from '../printers/emulator/server.js';

let t: TestBox;
let r: Restaurant;
let emulator: PrinterEmulator;
beforeEach(async () => {
  t = await startTestBox({ env: FAST_PRINT_ENV });
  r = await setUpRestaurant(t);
  emulator = await PrinterEmulator.start({ status: { coverOpen: true } });
});
afterEach(async () => { await t.close(); await emulator.close(); });

describe('printer alerts on kitchen screens', () => {
  it('a paired kitchen screen on alerts:printers hears a cover left open, and hears it cleared', async () => {
    const screen = await pairDevice(r, 'kitchen');
    const { socket } = await hello(t.url, screen.token, ['kitchen:grill', 'alerts:printers']);
    const printerId = await addPrinter(t, r.ownerToken, 'Grill', emulator);
    expect((await t.api('POST', `/printers/${printerId}/test`, { token: r.ownerToken })).status).toBe(202);
    const raised = await socket.waitFor((f) => f.type === 'printer.alert' && f.data.active);
    expect(raised.data).toMatchObject({ printerId, printerName: 'Grill', problem: 'cover_open', message: 'Printer Grill has its cover open.' });
    emulator.setStatus({});
    const cleared = await socket.waitFor((f) => f.type === 'printer.alert' && !f.data.active);
    expect(cleared.data).toMatchObject({ printerId, problem: 'cover_open', message: 'Printer Grill is back.' });
    await emulator.waitForJobs(1);
    socket.close();
  });

  it('a kitchen screen is not subscribed to the general alerts topic', async () => {
    const screen = await pairDevice(r, 'kitchen');
    const { socket, welcome } = await hello(t.url, screen.token, ['alerts', 'alerts:printers']);
    expect(welcome.data.topics).toEqual(['alerts:printers']);
    socket.close();
  });
});
