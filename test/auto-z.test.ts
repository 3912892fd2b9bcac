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

async function restaurant() {
  const clock = manualClock(LATE);
  const t = await startTestBox({ clock });
  boxes.push(t);
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  const job = scheduleAutoZ({ deps: t.box.deps, reports: t.box.services.reports, logger: pino({ level: 'silent' }) });
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

  it('leaves a day with open orders open and names them on the alerts topic', async () => {
    const { t, r, b, clock, job, api } = await restaurant();
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
