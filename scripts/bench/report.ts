/** The benchmark's output: a table on stdout and a JSON file in bench-results/. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../lib/box-process.js';
import type { BoxMemory } from './box-memory.js';
import type { HttpResult, ScenarioResult, StorageResult } from './types.js';

/** This issue's floor on the 2-core machine, for placing orders at 16 connections. */
export const ORDER_FLOOR = { connections: 16, minOrdersPerSecond: 1000, maxP99Ms: 30, maxErrors: 0 };

export interface Summary {
  ordersPerSecondAt16: number | null;
  storageTransactionsPerSecond: number | null;
  /** Orders/s at 16 connections ÷ single-row FULL-sync transactions/s: the share of the disk's limit reached. */
  ratioToStorageLimit: number | null;
  floor: typeof ORDER_FLOOR & { pass: boolean | null };
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string };
  /** 1-minute load average before and after the run: other work on the machine skews the figures. */
  loadAverage: { before: number; after: number };
  settings: Record<string, number | string>;
  scenarios: ScenarioResult[];
  /** The box process's RSS: after seeding, peak and after each scenario, and its high-water mark (null without /proc). */
  boxMemory: BoxMemory | null;
  summary: Summary;
}

export function machineInfo(): BenchReport['machine'] {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, node: process.version };
}

export function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

export function summarize(scenarios: readonly ScenarioResult[]): Summary {
  const orders = scenarios.find((s): s is HttpResult => s.kind === 'http' && s.path === '/orders' && s.connections === ORDER_FLOOR.connections);
  const storage = scenarios.find((s): s is StorageResult => s.kind === 'storage');
  const ratio = orders && storage ? Math.round((orders.requestsPerSecond / storage.transactionsPerSecond) * 1000) / 1000 : null;
  const pass = orders
    ? orders.requestsPerSecond >= ORDER_FLOOR.minOrdersPerSecond && orders.latencyMs.p99 <= ORDER_FLOOR.maxP99Ms && orders.errors <= ORDER_FLOOR.maxErrors
    : null;
  return {
    ordersPerSecondAt16: orders?.requestsPerSecond ?? null,
    storageTransactionsPerSecond: storage?.transactionsPerSecond ?? null,
    ratioToStorageLimit: ratio,
    floor: { ...ORDER_FLOOR, pass },
  };
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
}

/** The results as a fixed-width table, then the summary lines. */
export function formatTable(report: BenchReport): string {
  const widths = [48, 5, 6, 9, 8, 8, 7, 7, 12];
  const lines = [row(['scenario', 'conn', 'sec', 'rate/s', 'p50 ms', 'p99 ms', 'errors', 'non2xx', 'box cpu/req'], widths), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2))];
  for (const s of report.scenarios) {
    if (s.kind === 'http') {
      const name = `${s.name} (${s.method} ${s.path} → ${s.expectedStatus})`;
      const cpu = s.boxCpu ? `${s.boxCpu.msPerRequest.toFixed(2)} ms` : '-';
      lines.push(row([name, s.connections, s.durationSeconds, s.requestsPerSecond.toFixed(0), s.latencyMs.p50, s.latencyMs.p99, s.errors, s.non2xx, cpu], widths));
      if (s.note) lines.push(`  ${s.note}`);
    } else if (s.kind === 'sync') {
      lines.push(row([s.name, 1, s.seconds, s.changesPerSecond.toFixed(0), '-', '-', 0, '-', '-'], widths));
      lines.push(`  ${s.changes} changes into ${s.database} (${Object.entries(s.rowsPerTable).map(([t, n]) => `${n} ${t}`).join(', ')}) in ${s.seconds} s; plain COPY of the same rows: ${s.copySeconds} s (${s.copyChangesPerSecond.toFixed(0)}/s) → ${Math.round(s.shareOfCopy * 1000) / 10} % of COPY`);
      lines.push(`  CPU during the catch-up: bench process (box + cloud service) ${s.cpuSeconds.node} s, PostgreSQL ${s.cpuSeconds.postgres ?? '?'} s; batches of ≤ ${s.batchMaxRows} changes`);
      lines.push(`  steady service, push every ${s.intervalMs} ms: lag p50 ${s.steadyLag.ms.p50} ms, p99 ${s.steadyLag.ms.p99} ms, max ${s.steadyLag.ms.max} ms over ${s.steadyLag.transactions} transactions`);
      lines.push(`  target (≥ ${s.target.minChangesPerSecond} changes/s, ≥ ${s.target.minShareOfCopy * 100} % of COPY, lag p99 < ${s.target.maxLagP99Ms} ms): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'channel') {
      lines.push(`${s.name} (${s.database})`);
      lines.push(`  online, one publish every ${s.online.everyMs} ms: delivered ${s.online.delivered}/${s.online.messages}, p50 ${s.online.ms.p50} ms, p99 ${s.online.ms.p99} ms, max ${s.online.ms.max} ms`);
      lines.push(`  catch-up: ${s.catchUp.messages} queued messages in ${s.catchUp.seconds} s = ${s.catchUp.messagesPerSecond.toFixed(0)}/s (CPU ${s.catchUp.cpuSeconds} s, box + cloud)`);
      lines.push(`  target (publish → applied p99 < ${s.target.maxDeliveryP99Ms} ms): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'webhooks') {
      lines.push(`${s.name} (${s.database})`);
      lines.push(`  steady, one event every ${s.steady.everyMs} ms: ${s.steady.deliveries} deliveries, event → delivery p50 ${s.steady.ms.p50} ms, p99 ${s.steady.ms.p99} ms, max ${s.steady.ms.max} ms`);
      lines.push(`  burst: ${s.burst.events} events → ${s.burst.deliveries} deliveries in ${s.burst.seconds} s = ${s.burst.eventsPerSecond.toFixed(1)} events/s, ${s.burst.deliveriesPerSecond.toFixed(0)} deliveries/s (p50 ${s.burst.ms.p50} ms, p99 ${s.burst.ms.p99} ms; CPU ${s.burst.cpuSeconds} s)`);
      lines.push(`  target (event → delivery p99 < ${s.target.maxDeliveryP99Ms} ms while steady): ${s.target.pass ? 'PASS' : 'FAIL'} (load average ${s.loadAverage.start} → ${s.loadAverage.end})`);
    } else if (s.kind === 'delivery') {
      lines.push(`${s.name} (${s.database})`);
      lines.push(`  one signed order every ${s.everyMs} ms: on the KDS ${s.onKds}/${s.orders}, p50 ${s.ms.p50} ms, p99 ${s.ms.p99} ms, max ${s.ms.max} ms; the platform answered in p50 ${s.answerMs.p50} ms, p99 ${s.answerMs.p99} ms`);
      lines.push(`  target (request → KDS p99 < ${s.target.maxP99Ms} ms): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'customer-search') {
      lines.push(row([s.name, 1, '-', '-', s.ms.p50, s.ms.p99, s.errors, '-', '-'], widths));
      lines.push(`  ${s.searches} searches over ${s.customers} customers (written in ${s.seedSeconds} s), ${s.withHits} with hits; p90 ${s.ms.p90} ms, max ${s.ms.max} ms`);
      lines.push(`  target (p99 ≤ ${s.target.maxP99Ms} ms): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'waitlist') {
      lines.push(`${s.name}: ${s.days} days, ${s.parties} parties, ${s.waited} waited, ${s.walkedAway} walked away`);
      lines.push(`  MAE of the quote ${s.maeMinutes.quote} min (updates every 15 min ${s.maeMinutes.updates}, without history ${s.maeMinutes.withoutHistory}, whole month ${s.maeMinutes.wholeMonth}); p90 |error| ${s.p90AbsErrorMinutes} min, bias ${s.biasMinutes} min, mean wait ${s.meanActualWait} min over ${s.scored} quotes`);
      lines.push(`  target (MAE ≤ ${s.target.maxMaeMinutes} min): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'discovery') {
      lines.push(row([s.name, 1, '-', '-', s.ms.p50, s.ms.p99, s.errors, '-', '-'], widths));
      lines.push(`  ${s.queries} queries over ${s.restaurants} restaurants (${s.database}${s.seedSeconds === null ? ', reused' : `, made in ${s.seedSeconds} s`}): p95 ${s.ms.p95} ms, max ${s.ms.max} ms; ${s.meanResults} results per first page on average, ${s.pagesFull} full`);
      lines.push(`  CPU per query: cloud server + client ${s.cpuMsPerQuery.node} ms, PostgreSQL ${s.cpuMsPerQuery.postgres} ms (load average ${s.loadAverage.toFixed(1)} on ${os.cpus().length} cores)`);
      lines.push(`  plan of a 20 km query in Paris: ${s.plan.usesGistIndex ? 'GiST index public_restaurants_earth' : 'NO index'}${s.plan.seqScan ? ', with a sequential scan' : ''}`);
      lines.push(`  target (p95 ≤ ${s.target.maxP95Ms} ms, index used): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'guest-orders') {
      const f = s.waiterOrders.underFlood;
      lines.push(row([s.name, 1, '-', '-', s.toTabletMs.p50, s.toTabletMs.p99, s.refused, '-', '-'], widths));
      lines.push(`  ${s.delivered}/${s.orders} guest orders on the waiter's socket, max ${s.toTabletMs.max} ms`);
      lines.push(`  waiter's POST /orders alone: p50 ${s.waiterOrders.alone.ms.p50} ms, p99 ${s.waiterOrders.alone.ms.p99} ms (${s.waiterOrders.alone.orders} orders)`);
      lines.push(`  under ${f.guestRequestsPerSecond} guest requests/s (${JSON.stringify(f.statuses)}): p50 ${f.ms.p50} ms, p99 ${f.ms.p99} ms (${f.orders} orders)`);
      lines.push(`  target (p99 ≤ ${s.target.maxP99Ms} ms to the tablet, ≥ 90 % of the flood refused): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'guest-cloud') {
      lines.push(`${s.name} (${s.database})`);
      lines.push(`  ${s.delivered}/${s.orders} on the waiter's socket: p50 ${s.toTabletMs.p50} ms, p99 ${s.toTabletMs.p99} ms, max ${s.toTabletMs.max} ms; the cloud answered the phone in p50 ${s.cloudAnswerMs.p50} ms, p99 ${s.cloudAnswerMs.p99} ms`);
      lines.push(`  target (phone → tablet p99 < ${s.target.maxP99Ms} ms, the channel's): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else if (s.kind === 'reports') {
      lines.push(`${s.name}: ${s.orders} orders, ${s.orderLines} lines; rollups built in ${s.rollupBuildSeconds ?? '(reused)'} s`);
      for (const r of s.requests) {
        lines.push(row([`  ${r.filter}`, 1, '-', '-', r.p50Ms, `p95 ${r.p95Ms}`, 0, '-', `refresh ${r.refreshAfterP50Ms}`], widths));
        lines.push(row([`    same, nothing dirty`, 1, '-', '-', r.cleanP50Ms, `p95 ${r.cleanP95Ms}`, 0, '-', '-'], widths));
      }
      lines.push(`  target (p95 ≤ ${s.target.maxP95Ms} ms per dashboard request): ${s.target.pass ? 'PASS' : 'FAIL'}`);
    } else {
      lines.push(row([s.name, 1, s.durationSeconds, s.transactionsPerSecond, '-', '-', 0, '-', '-'], widths));
    }
  }
  const { summary: sum, machine } = report;
  lines.push('');
  lines.push(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}; load average ${report.loadAverage.before} before, ${report.loadAverage.after} after`);
  lines.push('box cpu/req: CPU time the box process used per expected response (it runs on one event loop).');
  const mem = report.boxMemory;
  if (mem) {
    const each = mem.scenarios.map((s) => `${s.scenario} peak ${s.peakMb} / after ${s.afterMb}`).join(', ');
    lines.push(`box RSS (MB, ${mem.command}): after seeding ${mem.afterSeedMb}; ${each}; high-water mark ${mem.peakMb}, at the end ${mem.finalMb}`);
  }
  if (sum.ratioToStorageLimit !== null) {
    lines.push(`orders/s at 16 connections ÷ storage limit: ${sum.ordersPerSecondAt16} ÷ ${sum.storageTransactionsPerSecond} = ${sum.ratioToStorageLimit}`);
  }
  if (sum.floor.pass !== null) {
    const f = sum.floor;
    lines.push(`floor (≥ ${f.minOrdersPerSecond} orders/s, p99 ≤ ${f.maxP99Ms} ms, no errors at ${f.connections} connections): ${f.pass ? 'PASS' : 'FAIL'}`);
  }
  return lines.join('\n');
}

/** Writes bench-results/bench-<timestamp>.json and bench-results/latest.json; returns the first path. */
export function writeReport(report: BenchReport): string {
  const dir = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(dir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(dir, 'latest.json'), json);
  return file;
}
