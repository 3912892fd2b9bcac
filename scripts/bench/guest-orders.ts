/**
 * `guest-orders` (issue 19, the box half): QR ordering on the restaurant's LAN.
 *
 * 1. Guest order → waiter's tablet: a guest's phone POSTs an order to the box's public route; the
 *    time until the waiter's WebSocket (topic `orders`) has the `guest.request` frame for it. One at
 *    a time, 200 orders over the seeded tables; each phone has its own LAN address (127.0.0.N on
 *    loopback), as on a real Wi-Fi, so the per-address limit counts them as different phones.
 * 2. The LAN service under a flood: a waiter places orders one after another (POST /orders) for a
 *    few seconds alone, then again while one phone sends 200 guest requests a second that the rate
 *    limits refuse (429): the order latency with and without the flood, and what the flood got.
 * 3. The cloud path: guest order through the cloud → the waiter's tablet (./guest-cloud.ts).
 */
import http from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../lib/box-process.js';
import type { GuestFloodJob, GuestFloodResult } from './guest-flood.js';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7, v4 as uuidv4 } from 'uuid';
import { openGuestSocket } from './guest-socket.js';
import { progress } from './progress.js';
import { runGuestCloudPath } from './guest-cloud.js';
import { stats } from './stats.js';
import type { GuestOrdersResult, Scenario } from './types.js';

const ORDERS = 200;
const FLOOD_PER_SECOND = 200;
const TARGET_P99_MS = 100;

/** One request from a chosen local address (a phone on the Wi-Fi), over a kept-alive socket of its own. */
function requester(url: string, localAddress: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const base = new URL(url);
  return (method: string, path: string, headers: Record<string, string>, body?: unknown) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: base.hostname, port: base.port, method, path, agent, localAddress,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** The flood from a child process (guest-flood.ts); resolves once it is flooding, with its result to come. */
async function startFlood(job: GuestFloodJob): Promise<Promise<GuestFloodResult>> {
  const child = fork(fileURLToPath(new URL('./guest-flood.ts', import.meta.url)), [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const result = new Promise<GuestFloodResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the guest flood process exited (code ${code}) before reporting`)));
    child.on('message', (m) => { if (typeof (m as GuestFloodResult).sent === 'number') resolve(m as GuestFloodResult); });
  });
  result.catch(() => {});
  await new Promise<void>((resolve) => { child.on('message', (m) => { if ((m as { ready?: boolean }).ready) resolve(); }); child.send(job); });
  return result;
}

export const guestOrdersScenario: Scenario = {
  name: 'guest-orders',
  async run(ctx) {
    const { box } = ctx;
    const owner = { authorization: `Bearer ${box.ownerToken}`, 'content-type': 'application/json' };
    const waiter = { authorization: `Bearer ${box.waiterToken}`, 'content-type': 'application/json' };
    await fetch(`${box.url}/guest-ordering/settings`, { method: 'PATCH', headers: owner, body: JSON.stringify({ maxOrdersPer10Min: 100, maxOrderTotal: null }) });
    const tables: Array<{ id: string; token: string }> = [];
    for (const id of box.menu.tableIds) {
      await fetch(`${box.url}/tables/${id}/status`, { method: 'POST', headers: owner, body: JSON.stringify({ status: 'occupied' }) });
      const qr = await (await fetch(`${box.url}/tables/${id}/qr`, { headers: owner })).json() as { token: string };
      tables.push({ id, token: qr.token });
    }
    const line = (i: number) => {
      const item = box.menu.items[i % box.menu.items.length]!;
      return { itemId: item.id, quantity: 1 + (i % 2), optionIds: [item.sizeOptionIds[i % item.sizeOptionIds.length]!] };
    };

    // 1. guest order → the waiter's tablet
    const socket = await openGuestSocket(box.url, box.waiterToken);
    progress(`guest-orders: ${ORDERS} guest orders, one at a time, to the waiter's socket`);
    const phones = Array.from({ length: 10 }, (_, i) => requester(box.url, `127.0.0.${10 + i}`));
    const toTablet: number[] = [];
    let refused = 0;
    for (let i = 0; i < ORDERS; i++) {
      const table = tables[i % tables.length]!;
      const id = uuidv4();
      const arrived = socket.arrival(id);
      const t0 = performance.now();
      const res = await phones[Math.floor(i / 20) % phones.length]!('POST', `/public/tables/${table.id}/requests`, { 'x-table-token': table.token },
        { id, kind: 'order', lines: [line(i), line(i + 1)], language: 'en' });
      if (res.status !== 201) { refused++; continue; }
      await arrived;
      toTablet.push(socket.seenAt(id)! - t0);
    }
    socket.close();

    // 2. the waiter's orders alone, then under a flood of refused guest requests
    const placeOrders = async (seconds: number) => {
      const ms: number[] = [];
      const until = performance.now() + seconds * 1000;
      let i = 0;
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${box.url}/orders`, { method: 'POST', headers: waiter, body: JSON.stringify({ id: uuidv7(), type: 'takeaway', lines: [line(i++)] }) });
        await res.arrayBuffer();
        if (res.status === 201) ms.push(performance.now() - t0);
      }
      return ms;
    };
    const seconds = Math.min(10, ctx.readSeconds);
    progress(`guest-orders: ${seconds} s of waiter orders alone, then ${seconds} s under ${FLOOD_PER_SECOND} guest requests/s`);
    const alone = await placeOrders(seconds);
    const flood = await startFlood({ url: box.url, tableId: tables[0]!.id, token: tables[0]!.token, line: line(0), rate: FLOOD_PER_SECOND, seconds, localAddress: '127.0.0.99' });
    const flooded = await placeOrders(seconds);
    const { sent, seconds: floodSeconds, statuses } = await flood;

    const lan = stats(toTablet);
    const result: GuestOrdersResult = {
      kind: 'guest-orders', name: 'guest order → waiter tablet (LAN)', orders: ORDERS, delivered: toTablet.length, refused,
      toTabletMs: { p50: lan.p50, p99: lan.p99, max: lan.max },
      waiterOrders: {
        alone: { orders: alone.length, ms: stats(alone) },
        underFlood: { orders: flooded.length, ms: stats(flooded), guestRequestsSent: sent, guestRequestsPerSecond: Math.round(sent / floodSeconds), statuses },
      },
      target: { maxP99Ms: TARGET_P99_MS, pass: lan.p99 <= TARGET_P99_MS && (statuses['429'] ?? 0) >= sent * 0.9 },
    };
    // 3. the same guest order through the cloud (./guest-cloud.ts)
    return [result, await runGuestCloudPath()];
  },
};
