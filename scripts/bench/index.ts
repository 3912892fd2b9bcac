/**
 * `npm run bench`: starts the box in its own process on a temp dir, seeds it through the API, runs
 * each scenario, prints a table and writes bench-results/bench-<timestamp>.json and latest.json.
 *
 * Settings (environment):
 *   BENCH_DURATION=5        seconds per load scenario (default 15; reads 10 and storage 3 at most)
 *   BENCH_SCENARIOS=orders  run only these scenarios (comma-separated names)
 *   BENCH_WARMUP=0          skip the 2 s order warm-up
 *   BENCH_BOX_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   profile the box process, then
 *     npx tsx scripts/bench/profile-summary.ts /tmp/prof/<largest>.cpuprofile   to see where its time went
 *   BENCH_SCENARIOS=sync    the cloud sync catch-up and lag, on TEST_DATABASE_URL, DATABASE_URL or a local brigade_bench db
 *   BENCH_SCENARIOS=backup  orders with and without the box taking online backups back to back (issue 22)
 *   BENCH_SCENARIOS=channel cloud → box: publish → applied p50/p99 online, catch-up of 10,000 queued messages (PostgreSQL if one answers, else PGlite)
 *   BENCH_SCENARIOS=delivery  a delivery platform's signed order → its ticket on the KDS, p50/p99 (issue 21)
 *   BENCH_SCENARIOS=customer-search  finding a customer by phone or name over 100,000 on the box (p99 ≤ 50 ms)
 *   BENCH_SCENARIOS=discovery  GET /public/restaurants over 100,000 restaurants on PostgreSQL (p95 ≤ 50 ms; db brigade_bench_discovery)
 *   BENCH_SCENARIOS=webhooks  webhook fan-out to 100 subscribers: event → delivery p50/p99, events/s in a burst (PostgreSQL if one answers, else PGlite)
 *   BENCH_SCENARIOS=guest-orders  QR ordering on the LAN: guest order → waiter's socket p50/p99; staff orders while 200 guest requests/s are refused
 *   BENCH_SCENARIOS=reports owners' dashboard requests over a generated year × 5 locations (db brigade_bench_reports on the same server)
 *   BENCH_SCENARIOS=waitlist  the waitlist estimate's mean absolute error over a generated month of walk-ins (no box needed: `npx tsx scripts/bench/waitlist.ts`)
 * Each HTTP row also shows the box's own CPU per request (box cpu/req), read from /proc on Linux.
 */
import { startBenchBox } from './box.js';
import { BoxMemorySampler } from './box-memory.js';
import { printingScenario } from './printing.js';
import { kitchenLatencyScenario } from './kitchen-latency.js';
import { menuScenario } from './menu.js';
import { ordersScenario } from './orders.js';
import { progress } from './progress.js';
import { formatTable, loadAverage, machineInfo, summarize, writeReport, type BenchReport } from './report.js';
import { reportsScenario } from './reports.js';
import { storageScenario } from './storage.js';
import { backupScenario } from './backup.js';
import { stockScenario } from './stock.js';
import { syncScenario } from './sync.js';
import { channelScenario } from './channel.js';
import { customerSearchScenario } from './customers.js';
import { waitlistScenario } from './waitlist.js';
import { discoveryScenario } from './discovery.js';
import { webhooksScenario } from './webhooks.js';
import { deliveryScenario } from './delivery.js';
import { guestOrdersScenario } from './guest-orders.js';
import type { BenchContext, Scenario, ScenarioResult } from './types.js';

/** In run order: storage first, on an idle disk. Add new scenarios here. */
const SCENARIOS: Scenario[] = [storageScenario, ordersScenario, menuScenario, kitchenLatencyScenario, stockScenario, printingScenario, backupScenario, syncScenario, channelScenario, reportsScenario, customerSearchScenario, waitlistScenario, discoveryScenario, webhooksScenario, deliveryScenario, guestOrdersScenario];

function durations(): Pick<BenchContext, 'loadSeconds' | 'readSeconds' | 'storageSeconds'> {
  const raw = process.env.BENCH_DURATION;
  const chosen = raw === undefined ? undefined : Number(raw);
  if (chosen !== undefined && !(chosen > 0)) throw new Error(`BENCH_DURATION must be a positive number of seconds (got "${raw}")`);
  return { loadSeconds: chosen ?? 15, readSeconds: Math.min(chosen ?? 10, 10), storageSeconds: Math.min(chosen ?? 3, 3) };
}

function selected(): Scenario[] {
  const names = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names) return SCENARIOS;
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return SCENARIOS.filter((s) => names.includes(s.name));
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const times = durations();
  const scenarios = selected();
  const box = await startBenchBox();
  const results: ScenarioResult[] = [];
  const memory = new BoxMemorySampler(box.process.pid, box.process.command);
  let boxMemory: BenchReport['boxMemory'] = null;
  try {
    const ctx: BenchContext = { box, ...times };
    for (const scenario of scenarios) {
      memory.begin();
      results.push(...await scenario.run(ctx));
      await memory.end(scenario.name);
    }
  } finally {
    if (memory.available) boxMemory = memory.stop();
    await box.close();
  }
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(),
    loadAverage: { before: loadBefore, after: loadAverage() },
    settings: { ...times, scenarios: scenarios.map((s) => s.name).join(',') },
    scenarios: results,
    boxMemory,
    summary: summarize(results),
  };
  const file = writeReport(report);
  console.log(formatTable(report));
  progress(`results written to ${file} and bench-results/latest.json`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
