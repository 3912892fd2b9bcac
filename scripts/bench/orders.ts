/**
 * Placing orders: every request creates a NEW takeaway order (fresh client-made UUIDv7 id) with 3
 * lines of 2 options each, as a waiter tablet would. 16 and 64 connections.
 */
import { randomOrder } from '../lib/seed.js';
import { runLoad } from './load.js';
import { progress } from './progress.js';
import type { BenchContext, HttpResult, Scenario } from './types.js';

export const ORDER_CONNECTIONS = [16, 64];
const WARM_UP_SECONDS = 2;

function orderLoad(ctx: BenchContext, connections: number, durationSeconds: number, quiet = false): Promise<HttpResult> {
  const { box } = ctx;
  return runLoad({
    name: `orders ${connections}c`,
    url: box.url,
    method: 'POST',
    path: '/orders',
    connections,
    durationSeconds,
    expectedStatus: 201,
    headers: { authorization: `Bearer ${box.waiterToken}`, 'content-type': 'application/json' },
    body: () => JSON.stringify(randomOrder(box.menu)),
    boxPid: box.process.pid,
    quiet,
  });
}

export const ordersScenario: Scenario = {
  name: 'orders',
  async run(ctx) {
    if (process.env.BENCH_WARMUP !== '0') {
      progress(`orders: ${WARM_UP_SECONDS} s warm-up (not reported)`);
      await orderLoad(ctx, 16, WARM_UP_SECONDS, true);
    }
    const results: HttpResult[] = [];
    for (const connections of ORDER_CONNECTIONS) {
      progress(`orders: ${connections} connections for ${ctx.loadSeconds} s`);
      results.push(await orderLoad(ctx, connections, ctx.loadSeconds));
    }
    return results;
  },
};
