/**
 * The cost stock adds to a fire (issue 5). Workers each place an order (3 lines × 2 options) and
 * fire it, timing only the fire; first with no recipes on the box, then after every item and option
 * got a recipe (3 ingredients per item, 1 per option: about 15 usage movements per fire, with alert
 * and automatic-86 checks). Stock is plentiful, so nothing is 86ed mid-run.
 */
import { processCpuMs } from './process-cpu.js';
import { progress } from './progress.js';
import { randomOrder } from '../lib/seed.js';
import type { BenchBox } from './box.js';
import type { HttpResult, Scenario } from './types.js';

const WORKERS = 8;
const INGREDIENTS = 40;
const round = (n: number) => Math.round(n * 100) / 100;

async function call(box: BenchBox, method: string, path: string, body: unknown, token: string): Promise<Response> {
  return fetch(box.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function must(res: Promise<Response>): Promise<{ id: string }> {
  const r = await res;
  if (!r.ok) throw new Error(`stock bench: ${r.status} ${await r.text()}`);
  return r.json() as Promise<{ id: string }>;
}

function stats(samples: number[]): HttpResult['latencyMs'] {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : NaN);
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), average: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)), max: round(s.at(-1) ?? NaN) };
}

async function firePhase(box: BenchBox, name: string, seconds: number): Promise<HttpResult> {
  progress(`stock: ${name}, ${WORKERS} workers for ${seconds} s`);
  const samples: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const cpuBefore = processCpuMs(box.process.pid);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    while (performance.now() < until) {
      const order = randomOrder(box.menu);
      const placed = await call(box, 'POST', '/orders', order, box.waiterToken);
      await placed.arrayBuffer();
      if (placed.status !== 201) { errors += 1; continue; }
      const t0 = performance.now();
      const fired = await call(box, 'POST', `/orders/${order.id}/fire`, {}, box.waiterToken);
      await fired.arrayBuffer();
      statusCounts[fired.status] = (statusCounts[fired.status] ?? 0) + 1;
      if (fired.status === 200) samples.push(performance.now() - t0);
      else errors += 1;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = processCpuMs(box.process.pid);
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return {
    kind: 'http', name, method: 'POST', path: '/orders/{id}/fire', connections: WORKERS, durationSeconds: round(elapsed), expectedStatus: 200,
    ok: samples.length, requestsPerSecond: round(samples.length / elapsed), latencyMs: stats(samples), errors, non2xx: errors, timeouts: 0, statusCounts,
    boxCpu: cpu === null ? null : { msPerRequest: round(cpu / Math.max(1, samples.length)), coreShare: round(cpu / (elapsed * 1000)) },
    note: 'each worker places an order (not timed) then fires it (timed); fires/s counts both; box cpu/req includes the order create',
  };
}

/** Gives every seeded item and option a recipe, and receives a mountain of every ingredient. */
async function seedRecipes(box: BenchBox): Promise<void> {
  progress(`stock: seeding ${INGREDIENTS} ingredients and recipes for ${box.menu.items.length} items and their options`);
  const ids: string[] = [];
  for (let i = 0; i < INGREDIENTS; i++) {
    const ing = await must(call(box, 'POST', '/stock/ingredients', { name: `Bench ingredient ${i}`, unit: 'kg', lowThreshold: 1 }, box.ownerToken));
    ids.push(ing.id);
    await must(call(box, 'POST', '/stock/receipts', { ingredientId: ing.id, quantity: 1_000_000, unit: 'kg' }, box.ownerToken));
  }
  const options = new Set<string>();
  for (const [n, item] of box.menu.items.entries()) {
    const lines = [0, 1, 2].map((k) => ({ ingredientId: ids[(n * 3 + k) % INGREDIENTS]!, quantity: 50 + k * 25, unit: 'g' }));
    await must(call(box, 'PUT', `/stock/recipes/items/${item.id}`, { lines }, box.ownerToken));
    for (const o of [...item.sizeOptionIds, ...item.extraOptionIds]) options.add(o);
  }
  let n = 0;
  for (const optionId of options) {
    await must(call(box, 'PUT', `/stock/recipes/options/${optionId}`, { lines: [{ ingredientId: ids[n++ % INGREDIENTS]!, quantity: 20, unit: 'g' }] }, box.ownerToken));
  }
}

export const stockScenario: Scenario = {
  name: 'stock',
  async run(ctx) {
    const seconds = Math.min(ctx.loadSeconds, 10);
    const without = await firePhase(ctx.box, 'fire, no recipes', seconds);
    await seedRecipes(ctx.box);
    const withRecipes = await firePhase(ctx.box, 'fire, with recipes', seconds);
    return [without, withRecipes];
  },
};
