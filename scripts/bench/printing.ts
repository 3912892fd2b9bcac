/**
 * Printing (issue 4): fire → the ticket's first bytes at an emulated printer (p50/p99; target
 * p99 ≤ 100 ms), and a burst of 500 tickets across 4 printers (time until the last one printed).
 * The emulators run in this process on real TCP; the box is its own process.
 */
import { v7 as uuidv7 } from 'uuid';
import { apiClient, expectStatus, type Api } from '../lib/http.js';
import type { SeededMenu } from '../lib/seed.js';
import { PrinterEmulator, type ReceivedJob } from '../../printers/emulator/server.js';
import { progress } from './progress.js';
import { round, stats } from './stats.js';
import type { Scenario } from './types.js';

export const PRINTING_TARGET = { maxP99Ms: 100 };
const STATIONS = ['grill', 'cold', 'bar', 'pastry'];
const BURST_TICKETS = 500;
/** One line per station: its fire makes one ticket on each of the 4 printers. */
function fourStationOrder(menu: SeededMenu) {
  return { id: uuidv7(), type: 'takeaway' as const, lines: STATIONS.map((_, i) => {
    const item = menu.items[i]!;
    return { id: uuidv7(), itemId: item.id, quantity: 1, optionIds: [item.sizeOptionIds[0]!, item.extraOptionIds[0]!], course: 1 };
  }) };
}

async function setUpPrinters(api: Api, ownerToken: string): Promise<PrinterEmulator[]> {
  const emulators = await Promise.all(STATIONS.map(() => PrinterEmulator.start()));
  for (const [i, station] of STATIONS.entries()) {
    const printer = await expectStatus(api<{ id: string }>('POST', '/printers', { token: ownerToken, body: { name: `Bench ${station}`, address: emulators[i]!.address } }), 'POST /printers', [201]);
    await expectStatus(api('PUT', '/printer-routes', { token: ownerToken, body: { kind: 'station', key: station, printerId: printer.id } }), 'PUT /printer-routes');
  }
  return emulators;
}

/** Resolves with every printer's next job, once each of the 4 has one. */
function nextJobs(emulators: PrinterEmulator[], timeoutMs = 5000): Promise<ReceivedJob[] | null> {
  return new Promise((resolve) => {
    const got: Array<ReceivedJob | undefined> = [];
    const offs = emulators.map((e, i) => e.onJob((job) => {
      got[i] ??= job;
      if (got.filter(Boolean).length === emulators.length) finish(got as ReceivedJob[]);
    }));
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (value: ReceivedJob[] | null) => { clearTimeout(timer); offs.forEach((off) => off()); resolve(value); };
  });
}

export const printingScenario: Scenario = {
  name: 'printing',
  async run(ctx) {
    const { box } = ctx;
    const api = apiClient(box.url);
    const emulators = await setUpPrinters(api, box.ownerToken);
    try {
      const create = async () => {
        const order = fourStationOrder(box.menu);
        await expectStatus(api('POST', '/orders', { token: box.waiterToken, body: order }), 'POST /orders', [201]);
        return order.id;
      };
      progress(`printing: firing one order at a time for ${ctx.loadSeconds} s, 4 tickets each to 4 emulated printers`);
      const latencies: number[] = [];
      const http: number[] = [];
      let fires = 0;
      let missing = 0;
      const end = Date.now() + ctx.loadSeconds * 1000;
      while (Date.now() < end) {
        const id = await create();
        const arrived = nextJobs(emulators);
        const t0 = Date.now();
        const res = await api('POST', `/orders/${id}/fire`, { token: box.waiterToken, body: {} });
        http.push(Date.now() - t0);
        fires += 1;
        const jobs = await arrived;
        if (res.status !== 200 || !jobs) { missing += 1; continue; }
        for (const job of jobs) latencies.push(job.firstByteAt - t0);
      }
      const latency = stats(latencies);
      const pass = latency.p99 <= PRINTING_TARGET.maxP99Ms && missing === 0;

      progress(`printing: a burst of ${BURST_TICKETS} tickets (${BURST_TICKETS / 4} fires × 4 stations) across 4 printers`);
      const before = emulators.reduce((n, e) => n + e.jobs.length, 0);
      const ids: string[] = [];
      for (let i = 0; i < BURST_TICKETS / 4; i++) ids.push(await create());
      const drained = new Promise<number>((resolve) => {
        const check = () => { if (emulators.reduce((n, e) => n + e.jobs.length, 0) - before >= BURST_TICKETS) { offs.forEach((off) => off()); resolve(Date.now()); } };
        const offs = emulators.map((e) => e.onJob(check));
      });
      const t0 = Date.now();
      const statuses = await Promise.all(ids.map(async (id) => (await api('POST', `/orders/${id}/fire`, { token: box.waiterToken, body: {} })).status));
      const answered = Date.now() - t0;
      const drainMs = (await Promise.race([drained, new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 120_000))])) - t0;
      const perPrinter = emulators.map((e) => e.jobs.length - 0);
      const base = { kind: 'http' as const, method: 'POST' as const, path: '/orders/{id}/fire', connections: 1, expectedStatus: 200, timeouts: 0, boxCpu: null };
      return [
        {
          ...base, name: 'printing: fire request → ticket bytes at the printer', durationSeconds: ctx.loadSeconds, ok: fires - missing, requestsPerSecond: round(fires / ctx.loadSeconds),
          latencyMs: latency, errors: missing, non2xx: 0, statusCounts: { 200: fires - missing },
          note: `${latencies.length} tickets (${fires} fires × 4 printers), ${missing} fires with a ticket missing; fire HTTP response p50 ${stats(http).p50} ms, p99 ${stats(http).p99} ms; target p99 ≤ ${PRINTING_TARGET.maxP99Ms} ms: ${pass ? 'PASS' : 'FAIL'}`,
        },
        {
          ...base, name: `printing: burst of ${BURST_TICKETS} tickets across 4 printers, time to drain`, connections: ids.length, durationSeconds: round(drainMs / 1000),
          ok: statuses.filter((s) => s === 200).length, requestsPerSecond: round(BURST_TICKETS / (drainMs / 1000)), errors: statuses.filter((s) => s !== 200).length, non2xx: statuses.filter((s) => s !== 200).length,
          statusCounts: { 200: statuses.filter((s) => s === 200).length },
          latencyMs: { p50: NaN, p90: NaN, p99: NaN, average: NaN, max: round(drainMs) },
          note: `${ids.length} fires sent at once; all answered in ${answered} ms; last ticket printed after ${round(drainMs)} ms (${round(BURST_TICKETS / (drainMs / 1000))} tickets/s); jobs per printer in all ${perPrinter.join('/')}`,
        },
      ];
    } finally {
      await Promise.all(emulators.map((e) => e.close()));
    }
  },
};
