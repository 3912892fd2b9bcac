import { afterAll, describe, expect, it } from 'vitest';
import { seedMenu, setUpBox, signInStaff } from '../scripts/lib/seed.js';
import { expectStatus } from '../scripts/lib/http.js';
import { startKillableBox, type KillableBox } from './helpers/box-process.js';
import { PrinterEmulator } from '../printers/emulator/server.js';
import { isReprint, ticketNumber } from './helpers/printing.js';
import { uuidv7 } from '../src/lib/uuid-v7.js';

let box: KillableBox | undefined;
let printer: PrinterEmulator | undefined;
afterAll(async () => { await box?.close(); await printer?.close(); });

type Job = { id: string; status: string; reprint: boolean; ticketId: string | null };

async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a box killed with SIGKILL while a ticket is being sent', () => {
  it('loses no ticket: after the restart every ticket prints once, the one caught mid-send marked REPRINT', async () => {
    // The printer takes the connection and never answers, so the first job stays mid-send until the kill.
    printer = await PrinterEmulator.start({ mode: 'hang' });
    box = await startKillableBox({ env: { PRINT_REPLY_TIMEOUT_MS: '60000', PRINT_RETRY_BASE_MS: '20', PRINT_RETRY_MAX_MS: '200' } });
    const session = await setUpBox(box.api, 'Crash Printing');
    const menu = await seedMenu(box.api, session.ownerToken, { items: 4, categories: 1, tables: 0 });
    const waiter = await signInStaff(box.api, session, 'waiter', '4321');
    const owner = session.ownerToken;
    const printerId = (await expectStatus(box.api<{ id: string }>('POST', '/printers', { token: owner, body: { name: 'Kitchen', address: printer.address } }), 'add printer', [201])).id;
    for (const station of ['grill', 'cold', 'bar', 'pastry']) {
      await expectStatus(box.api('PUT', '/printer-routes', { token: owner, body: { kind: 'station', key: station, printerId } }), 'route');
    }
    const numbers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const order = await expectStatus(box.api<{ id: string; number: number }>('POST', '/orders', { token: waiter, body: {
        id: uuidv7(), type: 'takeaway', lines: [{ id: uuidv7(), itemId: menu.items[i]!.id, quantity: 1, optionIds: [menu.items[i]!.sizeOptionIds[0], menu.items[i]!.extraOptionIds[0]], course: 1 }],
      } }), 'order', [201]);
      await expectStatus(box.api('POST', `/orders/${order.id}/fire`, { token: waiter, body: {} }), 'fire');
      numbers.push(order.number);
    }
    const stuck = await waitFor(async () => (await box!.api<Job[]>('GET', '/print-jobs?status=printing', { token: owner })).body[0], 'a job mid-send');

    await box.kill();
    await printer.setMode('normal');
    await box.restart();

    const jobs = await waitFor(async () => {
      const all = (await box!.api<Job[]>('GET', '/print-jobs', { token: owner })).body;
      return all.length === 4 && all.every((j) => j.status === 'printed') && all;
    }, 'every job printed');
    expect(jobs.find((j) => j.id === stuck.id)).toMatchObject({ reprint: true });
    const printed = await printer.waitForJobs(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(printer.jobs).toHaveLength(4);
    expect(printed.map(ticketNumber).sort((a, b) => a - b)).toEqual(numbers);
    expect(printed.filter(isReprint)).toHaveLength(1);
  }, 90_000);
});
