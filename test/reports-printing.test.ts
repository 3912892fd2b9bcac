import { afterEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { reportApi } from './helpers/report-api.js';
import { addPrinter, eventually, FAST_PRINT_ENV, isReprint, route } from './helpers/printing.js';
import { jobText, PrinterEmulator, type ReceivedJob } from '../printers/emulator/server.js';
import { manualClock } from '../src/lib/clock.js';

const boxes: TestBox[] = [];
const emulators: PrinterEmulator[] = [];
afterEach(async () => {
  for (const t of boxes.splice(0)) await t.close();
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

/** 23:10 in Paris on 20 November 2026. */
const CLOSING = Date.UTC(2026, 10, 20, 22, 10);

async function restaurant() {
  const t = await startTestBox({ clock: manualClock(CLOSING), env: FAST_PRINT_ENV });
  boxes.push(t);
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  return { t, r, b, api: reportApi(r) };
}

async function receiptPrinter(t: TestBox, token: string): Promise<PrinterEmulator> {
  const e = await PrinterEmulator.start({});
  emulators.push(e);
  await route(t, token, 'receipt', 'default', await addPrinter(t, token, 'Till', e));
  return e;
}

/** The printed lines with runs of spaces squeezed, as a person reads them. */
const read = (job: ReceivedJob) => jobText(job).map((l) => l.replace(/\s+/g, ' '));

const DAY_LINES = [
  'Chez Brigade', 'Business day 2026-11-20', 'Orders 2', 'Gross sales 34.00', 'Discounts -2.00', 'Service charge 0.00',
  'Net sales 32.00', 'Tax 10% 3.20', 'Tips 2.50', 'Refunds 0.00', 'Voided, not in sales 3.50', 'card (2) 35.20',
];

describe('printing X and Z reports on the receipt printer', () => {
  it('the Z prints by itself when a receipt printer is routed, a reprint says REPRINT with the same figures, and an X prints on demand', async () => {
    const { t, r, b, api } = await restaurant();
    const till = await receiptPrinter(t, r.ownerToken);
    const one = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.burger, quantity: 1, optionIds: [b.options.medium, b.options.cheese, b.options.bacon, b.options.fries] }] });
    await api.call('POST', `/orders/${one.id}/discount`, { kind: 'amount', value: 200, reason: 'late' });
    await api.pay(one.id, { method: 'card', tip: 250 });
    const two = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 2 }, { itemId: b.items.soda, quantity: 1 }] });
    await api.call('POST', `/orders/${two.id}/lines/${two.lines[1].id}/void`, { reason: 'wrong table' });
    await api.pay(two.id, { method: 'card' });

    const z = await api.z();
    expect(z.printJobId).toEqual(expect.any(String));
    const [printed] = await till.waitForJobs(1);
    expect(isReprint(printed!)).toBe(false);
    const lines = read(printed!);
    expect(lines.slice(0, 2)).toEqual(['Z REPORT', 'Z #1']);
    expect(lines).toEqual(expect.arrayContaining([...DAY_LINES, 'Printed 20/11/2026, 23:10', 'TAKEN €35.20']));
    expect(printed!.items.filter((i) => i.kind === 'cut')).toHaveLength(1);
    await eventually(async () => (await api.call('GET', `/print-jobs/${z.printJobId}`)).status === 'printed');

    const reprint = await t.api('POST', '/reports/z/1/print', { token: r.ownerToken });
    expect(reprint.status).toBe(202);
    expect(reprint.body).toMatchObject({ template: 'report', reprint: true, status: 'queued' });
    const [, again] = await till.waitForJobs(2);
    expect(isReprint(again!)).toBe(true);
    expect(read(again!).slice(1)).toEqual(lines);

    const x = await t.api('POST', '/reports/x/print', { token: r.ownerToken });
    expect(x.status).toBe(202);
    const [, , xJob] = await till.waitForJobs(3);
    expect(read(xJob!)[0]).toBe('X REPORT');
    // The X is of the business day the Z opened: nothing sold yet.
    expect(read(xJob!)).toEqual(expect.arrayContaining(['Business day 2026-11-21', 'Orders 0', 'TAKEN €0.00']));
  });

  it('without a receipt printer the Z still closes the day, and asking to print says which route is missing', async () => {
    const { t, r, api } = await restaurant();
    const z = await api.z();
    expect(z.printJobId).toBeNull();
    for (const path of ['/reports/z/1/print', '/reports/x/print']) {
      const res = await t.api('POST', path, { token: r.ownerToken });
      expect(res.status, path).toBe(409);
      expect(res.body.error.code).toBe('NO_PRINTER');
      expect(res.body.error.message).toContain('receipt route');
    }
  });
});
