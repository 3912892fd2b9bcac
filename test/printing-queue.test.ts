import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { addPrinter, eventually, FAST_PRINT_ENV, isReprint, nextEvent, route, ticketNumber } from './helpers/printing.js';
import { jobText, PrinterEmulator } from '../printers/emulator/server.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string };
const emulators: PrinterEmulator[] = [];

beforeEach(async () => {
  t = await startTestBox({ env: FAST_PRINT_ENV });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
});
afterEach(async () => {
  await t.close();
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function printer(options: Parameters<typeof PrinterEmulator.start>[0] = {}) {
  const e = await PrinterEmulator.start(options);
  emulators.push(e);
  return e;
}

async function fireOrder(lines: unknown[], tableId = b.tables.t1): Promise<{ id: string; number: number }> {
  const order = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId, lines } });
  expect(order.status).toBe(201);
  const fired = await t.api('POST', `/orders/${order.body.id}/fire`, { token: waiter.token, body: {} });
  expect(fired.status).toBe(200);
  return order.body;
}

const jobs = async (query = '') => (await t.api('GET', `/print-jobs${query}`, { token: r.ownerToken })).body as any[];

describe('the print queue', () => {
  it('firing prints each routed station\'s ticket once; an unrouted station prints nothing', async () => {
    const grill = await printer();
    await route(t, r.ownerToken, 'station', 'grill', await addPrinter(t, r.ownerToken, 'Grill', grill));
    const order = await fireOrder([{ ...burgerLine(b, { seat: 2 }), notes: 'no onions' }, { itemId: b.items.soda, quantity: 1 }]);
    const [job] = await grill.waitForJobs(1);
    expect(ticketNumber(job!)).toBe(order.number);
    expect(jobText(job!)).toEqual(expect.arrayContaining(['GRILL', '1 x Burger S2', 'Medium', 'NOTE: no onions']));
    const rows = await eventually(async () => { const all = await jobs(); return all.every((j) => j.status === 'printed') && all; });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: 'kitchen-ticket', orderId: order.id, routeKind: 'station', routeKey: 'grill', attempts: 1, reprint: false });
  });

  it('a printer off for a stretch of service prints every ticket afterwards, each exactly once, and the alert clears', async () => {
    const grill = await printer({ mode: 'refuse' });
    const printerId = await addPrinter(t, r.ownerToken, 'Grill', grill);
    await route(t, r.ownerToken, 'station', 'grill', printerId);
    const raised = nextEvent(t, (e) => e.type === 'printer.alert' && (e.data as any).active);
    const numbers: number[] = [];
    for (let i = 0; i < 6; i++) numbers.push((await fireOrder([burgerLine(b)], [b.tables.t1, b.tables.t2, b.tables.t3][i % 3])).number);
    expect((await raised).data).toMatchObject({ printerId, problem: 'unreachable', active: true });
    expect((await t.api('GET', '/printers', { token: r.ownerToken })).body[0]).toMatchObject({ problem: 'unreachable', queued: expect.any(Number) });
    const cleared = nextEvent(t, (e) => e.type === 'printer.alert' && !(e.data as any).active);
    await grill.setMode('normal');
    const printed = await grill.waitForJobs(6);
    await cleared;
    expect(printed.map(ticketNumber).sort((a, z) => a - z)).toEqual(numbers.sort((a, z) => a - z));
    // Nothing reached paper while it was off, so nothing is a reprint.
    expect(printed.filter(isReprint)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(grill.jobs).toHaveLength(6);
    expect((await jobs()).map((j) => j.status)).toEqual(Array(6).fill('printed'));
  });

  it('a job cut off mid-send is printed again marked REPRINT', async () => {
    const grill = await printer({ mode: 'close-mid-job', closeAfterBytes: 60 });
    await route(t, r.ownerToken, 'station', 'grill', await addPrinter(t, r.ownerToken, 'Grill', grill));
    const order = await fireOrder([burgerLine(b)]);
    const [partial] = await grill.waitForJobs(1);
    expect(partial!.complete).toBe(false);
    await grill.setMode('normal');
    const [, full] = await grill.waitForJobs(2);
    expect(isReprint(full!)).toBe(true);
    expect(ticketNumber(full!)).toBe(order.number);
    expect(full!.complete).toBe(true);
    const [row] = await eventually(async () => { const all = await jobs(); return all[0]?.status === 'printed' && all; });
    expect(row).toMatchObject({ reprint: true, status: 'printed' });
  });

  it('after repeated failures a station\'s tickets fail over to its backup printer', async () => {
    const grill = await printer({ mode: 'refuse' });
    const spare = await printer();
    const grillId = await addPrinter(t, r.ownerToken, 'Grill', grill);
    const spareId = await addPrinter(t, r.ownerToken, 'Spare', spare);
    await route(t, r.ownerToken, 'station', 'grill', grillId, spareId);
    const order = await fireOrder([burgerLine(b)]);
    const [job] = await spare.waitForJobs(1);
    expect(ticketNumber(job!)).toBe(order.number);
    const [row] = await jobs();
    expect(row).toMatchObject({ printerId: spareId, failedOverFrom: grillId });
    expect(grill.jobs).toEqual([]);
  });

  it('a drawer kick on a cash payment goes to the area receipt printer and never fails over', async () => {
    const till = await printer({ mode: 'refuse' });
    const spare = await printer();
    const tillId = await addPrinter(t, r.ownerToken, 'Till', till);
    await route(t, r.ownerToken, 'receipt', 'default', tillId, await addPrinter(t, r.ownerToken, 'Spare', spare));
    const order = await fireOrder([{ itemId: b.items.soda, quantity: 1 }]);
    const paid = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `pay-${order.id}` }, body: { method: 'cash', tendered: 1000 } });
    expect(paid.status).toBe(201);
    await nextEvent(t, (e) => e.type === 'printer.alert');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(spare.jobs).toEqual([]);
    await till.setMode('normal');
    const [kick] = await till.waitForJobs(1);
    expect(kick!.items).toEqual([{ kind: 'pulse', pin: 2, onMs: 100, offMs: 500 }]);
  });

  it('a hung printer delays neither another printer nor any HTTP request', async () => {
    const grill = await printer({ mode: 'hang' });
    const bar = await printer();
    await route(t, r.ownerToken, 'station', 'grill', await addPrinter(t, r.ownerToken, 'Grill', grill));
    await route(t, r.ownerToken, 'station', 'bar', await addPrinter(t, r.ownerToken, 'Bar', bar));
    const first = await fireOrder([burgerLine(b), { itemId: b.items.soda, quantity: 1 }]);
    const second = await fireOrder([burgerLine(b), { itemId: b.items.soda, quantity: 2 }], b.tables.t2);
    const printed = await bar.waitForJobs(2);
    expect(printed.map(ticketNumber)).toEqual([first.number, second.number]);
    expect(grill.jobs).toEqual([]);
    const grillJobs = (await jobs()).filter((j) => j.routeKey === 'grill');
    expect(grillJobs.map((j) => j.status)).not.toContain('printed');
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });

  it('paper out raises an alert, prints nothing, and clears once paper is back', async () => {
    const grill = await printer({ status: { paperOut: true } });
    const printerId = await addPrinter(t, r.ownerToken, 'Grill', grill);
    await route(t, r.ownerToken, 'station', 'grill', printerId);
    const raised = nextEvent(t, (e) => e.type === 'printer.alert');
    const order = await fireOrder([burgerLine(b)]);
    expect((await raised).data).toMatchObject({ printerId, problem: 'paper_out', active: true, message: 'Printer Grill is out of paper.' });
    expect((await t.api('GET', `/printers/${printerId}`, { token: r.ownerToken })).body.problem).toBe('paper_out');
    const cleared = nextEvent(t, (e) => e.type === 'printer.alert' && !(e.data as any).active);
    grill.setStatus({});
    const [job] = await grill.waitForJobs(1);
    expect(ticketNumber(job!)).toBe(order.number);
    expect(isReprint(job!)).toBe(false);
    await cleared;
    expect((await t.api('GET', `/printers/${printerId}`, { token: r.ownerToken })).body.problem).toBe(null);
  });

  it('a reprint asked for prints the same ticket again with REPRINT on top', async () => {
    const grill = await printer();
    await route(t, r.ownerToken, 'station', 'grill', await addPrinter(t, r.ownerToken, 'Grill', grill));
    const cook = await r.signInAs('kitchen');
    const order = await fireOrder([burgerLine(b)]);
    await grill.waitForJobs(1);
    const [original] = await jobs();
    const again = await t.api('POST', `/print-jobs/${original.id}/reprint`, { token: cook.token });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ reprintOf: original.id, reprint: true, status: 'queued' });
    const [, copy] = await grill.waitForJobs(2);
    expect(isReprint(copy!)).toBe(true);
    expect(ticketNumber(copy!)).toBe(order.number);
  });

  it('a guest check and a receipt print on the area receipt printer', async () => {
    const till = await printer();
    const tillId = await addPrinter(t, r.ownerToken, 'Till', till, { columns: 42 });
    await route(t, r.ownerToken, 'receipt', 'default', tillId);
    const order = await fireOrder([{ itemId: b.items.soda, quantity: 2 }]);
    expect((await t.api('POST', `/orders/${order.id}/print/guest-check`, { token: waiter.token })).status).toBe(202);
    const [check] = await till.waitForJobs(1);
    expect(jobText(check!)[0]).toBe('GUEST CHECK');
    expect(jobText(check!).some((l) => /^2 Soda\s+7\.00$/.test(l))).toBe(true);
    await t.api('POST', `/orders/${order.id}/payments`, { token: waiter.token, headers: { 'idempotency-key': `card-${order.id}` }, body: { method: 'card' } });
    expect((await t.api('POST', `/orders/${order.id}/print/receipt`, { token: waiter.token, body: { qr: 'https://example.test/r' } })).status).toBe(202);
    const [, receipt] = await till.waitForJobs(2);
    expect(jobText(receipt!)[0]).toBe('Chez Brigade');
    expect(jobText(receipt!).some((l) => /^Paid card/.test(l))).toBe(true);
    expect(receipt!.items).toContainEqual({ kind: 'qr', value: 'https://example.test/r' });
  });

  it('a test page goes to the printer asked for', async () => {
    const p = await printer();
    const id = await addPrinter(t, r.ownerToken, 'Pass', p);
    expect((await t.api('POST', `/printers/${id}/test`, { token: r.ownerToken })).status).toBe(202);
    const [page] = await p.waitForJobs(1);
    expect(jobText(page!)).toContain('Euro: € 12.50');
  });
});
