import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { reportApi } from './helpers/report-api.js';
import { hello } from './helpers/ws-client.js';
import { manualClock } from '../src/lib/clock.js';
import { scheduleAutoZ, type AutoZJob } from '../src/jobs/auto-z-job.js';

const boxes: TestBox[] = [];
const jobs: AutoZJob[] = [];
afterEach(async () => {
  for (const j of jobs.splice(0)) await j.stop();
  for (const t of boxes.splice(0)) await t.close();
});

const HOUR = 60 * 60_000;
/** 22:30 in Paris on Friday 20 November 2026 (day start 04:00): business day 2026-11-20. */
const LATE = Date.UTC(2026, 10, 20, 21, 30);

async function restaurant(options: { carryOpenOrders?: boolean } = {}) {
  const clock = manualClock(LATE);
  const t = await startTestBox({ clock });
  boxes.push(t);
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  const job = scheduleAutoZ({ deps: t.box.deps, reports: t.box.services.reports, logger: pino({ level: 'silent' }), ...options });
  jobs.push(job);
  return { t, r, b, clock, job, api: reportApi(r) };
}

describe('the automatic Z (AUTO_Z=on)', () => {
  it('reminds the floor before the day-start hour, then closes last night as the system when nobody did', async () => {
    const { t, r, b, clock, job, api } = await restaurant();
    const { socket } = await hello(t.url, r.ownerToken, ['alerts']);
    const order = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(order.id, { method: 'card' });

    clock.set(Date.UTC(2026, 10, 21, 2, 35)); // 03:35 in Paris: still the 20th's business day
    expect(job.remind()).toBe('2026-11-20');
    const reminder = await socket.waitFor((f) => f.type === 'report.alert' && f.data.kind === 'z_reminder');
    expect(reminder.data.message).toContain('closes automatically (Z) at 04:05');
    expect(await job.close()).toEqual([]); // the day has not ended yet

    clock.advance(30 * 60_000); // 04:05: the 21st began
    expect(await job.close()).toEqual(['2026-11-20']);
    const zs = t.box.services.reports.list({ limit: 10 });
    expect(zs).toMatchObject([{ number: 1, businessDay: '2026-11-20', closedBy: null, totals: { orders: 1 } }]);
    expect(await job.close()).toEqual([]); // nothing twice
    socket.close();
  });

  it('carries a table still open into the new day: renumbered, listed on the Z, its sales counted the day it closes', async () => {
    const { t, r, b, clock, job, api } = await restaurant();
    const { socket } = await hello(t.url, r.ownerToken, ['alerts']);
    const done = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    await api.pay(done.id, { method: 'card' });
    const open = await api.order({ type: 'dine_in', tableId: b.tables.t1, lines: [{ itemId: b.items.tart, quantity: 2 }] });
    expect(open.number).toBe(2);
    await api.pay(open.id, { method: 'cash', amount: 500 });

    clock.set(Date.UTC(2026, 10, 21, 2, 35)); // 03:35: the reminder says what will happen to it
    job.remind();
    const reminder = await socket.waitFor((f) => f.type === 'report.alert' && f.data.kind === 'z_reminder');
    expect(reminder.data.message).toContain('still open: #2 (they will move to the next day)');

    clock.set(Date.UTC(2026, 10, 21, 3, 5)); // 04:05
    expect(await job.close()).toEqual(['2026-11-20']);
    const [z] = t.box.services.reports.list({ limit: 10 });
    expect(z).toMatchObject({ businessDay: '2026-11-20', totals: { orders: 1, carriedOver: [{ orderId: open.id, fromNumber: 2, toNumber: 1, toDay: '2026-11-21', total: open.totals.total, paid: 500 }] } });
    // The part payment was taken on the 20th: it stays in the 20th's takings.
    expect(z!.totals.payments.reduce((sum, p) => sum + p.amount, 0)).toBe(done.totals.total + 500);
    const alert = await socket.waitFor((f) => f.type === 'report.alert' && f.data.kind === 'z_carried_over');
    expect(alert.data.message).toContain('#2 (now #1) moved to 2026-11-21');

    const moved = (await r.t.api('GET', `/orders/${open.id}`, { token: r.ownerToken })).body;
    expect(moved).toMatchObject({ number: 1, businessDay: "2026-11-21", tableId: b.tables.t1, totals: { paid: 500 } });
    const next = await api.order({ type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
    expect(next.number).toBe(2); // the new day's numbers go on after the carried order

    await api.pay(open.id, { method: 'card' });
    const x = await api.x();
    expect(x.businessDay).toBe('2026-11-21');
    // The carried order's sales land on the day it closed; only the rest of its payment is taken today.
    expect(x.totals).toMatchObject({ orders: 1, total: open.totals.total });
    expect(x.totals.payments.reduce((sum: number, p: { amount: number }) => sum + p.amount, 0)).toBe(open.totals.total - 500);
    expect(await job.close()).toEqual([]);
    socket.close();
  });

  it('AUTO_Z_OPEN_ORDERS=wait: leaves a day with open orders open and names them on the alerts topic', async () => {
    const { t, r, b, clock, job, api } = await restaurant({ carryOpenOrders: false });
    const { socket } = await hello(t.url, r.ownerToken, ['alerts']);
    const open = await api.order({ type: 'dine_in', tableId: b.tables.t1, lines: [{ itemId: b.items.tart, quantity: 1 }] });
    clock.advance(6 * HOUR); // 04:30 on the 21st
    expect(await job.close()).toEqual([]);
    const alert = await socket.waitFor((f) => f.type === 'report.alert' && f.data.kind === 'z_not_closed');
    expect(alert.data).toMatchObject({ businessDay: '2026-11-20', openOrders: [open.number] });
    expect(t.box.services.reports.list({ limit: 10 })).toEqual([]);
    socket.close();
  });
});
